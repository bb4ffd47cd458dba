/**
 * The app is served from its own privileged scheme rather than `file://`, so
 * it has a real origin that navigation, IPC and CSP checks can compare against.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'workbench';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** Partition of the app's own session: protocols and permission handlers are set on it only. */
export const APP_PARTITION = 'persist:workbench';
