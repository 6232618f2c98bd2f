// The error codes the page branches on, in one place. Each is a code the shell or the
// core really sends; a test (src-tauri/ui_check.rs) checks that against both.

export const CODES = Object.freeze({
  notConfigured: "not_configured",
  reconnectNeeded: "reconnect_needed",
  notConnected: "not_connected",
  syncRunning: "sync_running",
});
