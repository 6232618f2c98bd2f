// Asks the shell one question at load, as wakadesk's page does, so both report ready
// at the same point.
const status = await window.__TAURI__.core.invoke("startup_status");
document.getElementById("status").textContent = status;
