// Calls to this function. The API token, when the function needs one, is asked for once and kept in this tab's
// sessionStorage only: it is gone when the tab closes, and no other site or tab can read it.
const TOKEN_KEY = "concat-api-token";

export class ApiError extends Error {
  constructor(status, body) {
    super(`${status} ${body.error}`);
    this.status = status;
    this.body = body;
  }
}

export async function api(method, path, body) {
  for (;;) {
    const headers = { Accept: "application/json" };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const answer = await response.json().catch(() => ({ error: `http_${response.status}`, message: response.statusText }));
    if (response.status === 401 && (await askToken(token != null))) continue;
    if (!response.ok) throw new ApiError(response.status, answer);
    return answer;
  }
}

let asking = null;

/** Asks for the token in the page's dialog, once for all calls waiting on it; false when the user cancels. */
function askToken(wrongBefore) {
  if (!asking) asking = ask(wrongBefore).finally(() => { asking = null; });
  return asking;
}

function ask(wrongBefore) {
  const dialog = document.getElementById("token-dialog");
  const input = document.getElementById("token");
  input.value = "";
  input.setCustomValidity("");
  if (wrongBefore) sessionStorage.removeItem(TOKEN_KEY);
  dialog.querySelector("p").textContent = wrongBefore
    ? "That token was refused. Enter the function's API token; it is kept in this tab only (sessionStorage)."
    : "This function needs its API token. It is kept in this tab only (sessionStorage).";
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      const ok = dialog.returnValue === "ok" && input.value.trim() !== "";
      if (ok) sessionStorage.setItem(TOKEN_KEY, input.value.trim());
      resolve(ok);
    }, { once: true });
    dialog.showModal();
    input.focus();
  });
}
