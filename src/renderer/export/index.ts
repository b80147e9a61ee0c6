export { csvField, numberText, solutionToCsv } from './csv';
export { downloadBlob } from './download';
export {
  decode,
  encode,
  exportedResult,
  RESULT_FORMAT,
  solutionFromJson,
  solutionToJson,
  type Json,
} from './json';
