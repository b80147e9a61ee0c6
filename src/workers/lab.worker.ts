// Worker entry: only exposes the API (see lab-api.ts for why it lives elsewhere).
import * as Comlink from 'comlink';
import { createLabApi } from './lab-api';

Comlink.expose(createLabApi());
