/** The application version, kept in step with package.json (a unit test checks it). */
export const APP_VERSION = '0.1.0';
