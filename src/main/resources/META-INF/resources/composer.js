// The composer page: plain JavaScript modules, no build step. It only talks to this function (GET /clips, POST
// /validate, POST /concat, GET /status); media comes from the presigned URLs those answers carry.
import { api, ApiError } from "./api.js";

const $ = (id) => document.getElementById(id);
const VALIDATE_DELAY_MS = 400;
const POLL_MS = 1000;
/** Polls after success while waiting for the verification; without one, the job stays "succeeded". */
const POLLS_FOR_VERIFICATION = 15;
const STEP_MS = 100;

const state = {
  bucket: "",
  prefix: "",
  next: null,
  playlist: [], // {id, key, url, durationMs, start, end}
  nextId: 1,
  validation: 0,
  valid: false,
};

// ---- browsing -----------------------------------------------------------------------------------------------

async function browse(cursor) {
  const status = $("browse-status");
  const query = new URLSearchParams();
  const bucket = $("bucket").value.trim();
  if (bucket) query.set("bucket", bucket);
  query.set("prefix", $("prefix").value);
  if (cursor) query.set("cursor", cursor);
  status.textContent = "Loading clips…";
  try {
    const page = await api("GET", "/clips?" + query);
    if (!cursor) $("clips").replaceChildren();
    state.bucket = page.bucket;
    state.prefix = page.prefix;
    state.next = page.next || null;
    if (!bucket) $("bucket").value = page.bucket;
    page.clips.forEach((c) => $("clips").append(clipItem(c)));
    $("more").hidden = !state.next;
    const shown = $("clips").children.length;
    status.textContent = shown === 0
      ? (state.next ? "No clips on this page; there are more." : "No clips under this prefix.")
      : `${shown} clip${shown === 1 ? "" : "s"} in ${page.bucket}.`;
    schedule();
  } catch (e) {
    status.textContent = describe(e);
  }
}

function clipItem(c) {
  const li = document.createElement("li");
  li.className = "clip";
  li.dataset.key = c.key;
  const video = preview(c.url, c.key);
  const body = document.createElement("div");
  const name = el("p", "name", c.key);
  const meta = el("p", "meta", metaText(c.size, c.durationMs, c.lastModified));
  video.addEventListener("loadedmetadata", () => {
    if (c.durationMs == null && Number.isFinite(video.duration)) {
      c.durationMs = Math.round(video.duration * 1000);
      meta.textContent = metaText(c.size, c.durationMs, c.lastModified);
    }
  });
  const add = el("button", "add", "Add");
  add.type = "button";
  add.setAttribute("aria-label", `Add ${c.key} to the playlist`);
  add.addEventListener("click", () => addClip(c));
  body.append(name, meta, add);
  li.append(video, body);
  return li;
}

function preview(url, key) {
  const video = document.createElement("video");
  video.src = url;
  video.preload = "metadata";
  video.muted = true;
  video.playsInline = true;
  video.setAttribute("aria-label", `Preview of ${key}`);
  video.addEventListener("mouseenter", () => video.play().catch(() => {}));
  video.addEventListener("mouseleave", () => video.pause());
  return video;
}

function metaText(size, durationMs, lastModified) {
  const parts = [bytes(size)];
  if (durationMs != null) parts.push(seconds(durationMs));
  if (lastModified) parts.push(new Date(lastModified).toLocaleString());
  return parts.join(" · ");
}

// ---- the playlist -------------------------------------------------------------------------------------------

function addClip(c) {
  const item = { id: state.nextId++, key: c.key, url: c.url, durationMs: c.durationMs ?? null, start: 0, end: null };
  item.end = item.durationMs;
  state.playlist.push(item);
  renderPlaylist();
  $("moved").textContent = `${c.key} added as clip ${state.playlist.length}.`;
  schedule();
}

function move(from, to, focusId) {
  if (to < 0 || to >= state.playlist.length || from === to) return;
  const [item] = state.playlist.splice(from, 1);
  state.playlist.splice(to, 0, item);
  renderPlaylist();
  $("moved").textContent = `${item.key} moved to position ${to + 1} of ${state.playlist.length}.`;
  const li = document.querySelector(`#playlist li[data-id="${focusId ?? item.id}"]`);
  if (li) li.focus();
  schedule();
}

function remove(index) {
  const [item] = state.playlist.splice(index, 1);
  renderPlaylist();
  $("moved").textContent = `${item.key} removed.`;
  const items = document.querySelectorAll("#playlist li");
  (items[Math.min(index, items.length - 1)] || $("playlist-heading")).focus();
  schedule();
}

function renderPlaylist() {
  const list = $("playlist");
  list.replaceChildren(...state.playlist.map((item, i) => playlistItem(item, i)));
  $("playlist-empty").hidden = state.playlist.length > 0;
}

function playlistItem(item, index) {
  const li = document.createElement("li");
  li.dataset.id = String(item.id);
  li.tabIndex = 0;
  li.setAttribute("aria-label", `Clip ${index + 1} of ${state.playlist.length}: ${item.key}`);
  li.addEventListener("keydown", (e) => {
    if (e.target !== li || !e.altKey) return;
    if (e.key === "ArrowUp") { e.preventDefault(); move(index, index - 1); }
    if (e.key === "ArrowDown") { e.preventDefault(); move(index, index + 1); }
  });
  // drag and drop: the whole item is the drop target, the handle starts the drag (so that sliders keep working)
  li.addEventListener("dragover", (e) => { e.preventDefault(); li.classList.add("drop-target"); });
  li.addEventListener("dragleave", () => li.classList.remove("drop-target"));
  li.addEventListener("drop", (e) => {
    e.preventDefault();
    li.classList.remove("drop-target");
    const from = Number(e.dataTransfer.getData("text/plain"));
    if (Number.isInteger(from)) move(from, index);
  });

  const video = preview(item.url, item.key);
  const body = document.createElement("div");
  const handle = el("span", "handle", "⠿ drag");
  handle.draggable = true;
  handle.title = "Drag to reorder";
  handle.setAttribute("aria-hidden", "true");
  handle.addEventListener("dragstart", (e) => {
    e.dataTransfer.setData("text/plain", String(index));
    e.dataTransfer.effectAllowed = "move";
    li.classList.add("dragging");
  });
  handle.addEventListener("dragend", () => li.classList.remove("dragging"));
  const name = el("p", "name", `${index + 1}. ${item.key}`);
  name.prepend(handle, " ");
  const start = slider(item, "start", video);
  const end = slider(item, "end", video);
  video.addEventListener("loadedmetadata", () => {
    if (item.durationMs == null && Number.isFinite(video.duration)) {
      item.durationMs = Math.round(video.duration * 1000);
      item.end = item.durationMs;
      start.update();
      end.update();
      schedule();
    }
  });
  const actions = document.createElement("div");
  actions.className = "actions";
  actions.append(
    button("Move up", `Move ${item.key} up`, index === 0, () => move(index, index - 1)),
    button("Move down", `Move ${item.key} down`, index === state.playlist.length - 1, () => move(index, index + 1)),
    button("Remove", `Remove ${item.key} from the playlist`, false, () => remove(index)),
  );
  body.append(name, start.row, end.row, actions);
  li.append(video, body);
  return li;
}

/** A trim slider: Start or End of the clip in milliseconds; moving it shows that frame in the clip's preview. */
function slider(item, which, video) {
  const id = `${which}-${item.id}`;
  const row = el("div", "trim");
  const label = el("label", null, which === "start" ? "Start" : "End");
  label.htmlFor = id;
  const input = document.createElement("input");
  input.type = "range";
  input.id = id;
  input.className = which;
  input.min = "0";
  input.step = String(STEP_MS);
  const out = document.createElement("output");
  out.htmlFor = id;
  const update = () => {
    const known = item.durationMs != null;
    input.disabled = !known;
    input.max = String(known ? item.durationMs : 0);
    input.value = String(which === "start" ? item.start : (item.end ?? 0));
    out.textContent = known ? seconds(Number(input.value)) : "…";
    input.setAttribute("aria-valuetext", known ? seconds(Number(input.value)) : "duration unknown");
  };
  input.addEventListener("input", () => {
    const v = Number(input.value);
    if (which === "start") item.start = Math.min(v, (item.end ?? v + STEP_MS) - STEP_MS);
    else item.end = Math.max(v, item.start + STEP_MS);
    update();
    if (Number.isFinite(video.duration)) video.currentTime = Number(input.value) / 1000;
    schedule();
  });
  row.append(label, input, out);
  update();
  return { row, update };
}

function playlistBody() {
  return {
    bucket: state.bucket || undefined,
    clips: state.playlist.map((item) => {
      const clip = { key: item.key };
      if (item.start > 0) clip.start = item.start;
      // sent even untrimmed: a duration known here makes the estimate exact, which /validate cannot without a probe
      if (item.end != null) clip.duration = item.end - item.start;
      return clip;
    }),
    output: { key: $("output-key").value.trim(), preset: $("preset").value },
  };
}

// ---- checking as you edit -----------------------------------------------------------------------------------

let timer = null;
function schedule() {
  clearTimeout(timer);
  state.valid = false;
  $("submit").disabled = true;
  timer = setTimeout(validate, VALIDATE_DELAY_MS);
}

async function validate() {
  const status = $("check-status");
  if (state.playlist.length === 0) {
    status.textContent = "Add clips to check the playlist.";
    showFindings([], []);
    $("plan").replaceChildren();
    return;
  }
  const ticket = ++state.validation;
  status.textContent = "Checking…";
  try {
    const answer = await api("POST", "/validate", playlistBody());
    if (ticket !== state.validation) return; // an edit came after this request: its answer is stale
    state.valid = answer.valid === true;
    status.replaceChildren(el("span", state.valid ? "valid" : "invalid",
      state.valid ? "The playlist is valid." : `${answer.violationsTotal ?? answer.violations.length} problem(s) to fix.`));
    showFindings(answer.violations || [], answer.warnings || []);
    showPlan(answer);
    $("submit").disabled = !state.valid;
  } catch (e) {
    if (ticket !== state.validation) return;
    status.textContent = describe(e);
    showFindings(e instanceof ApiError ? e.body.violations || [] : [], []);
  }
}

function showFindings(violations, warnings) {
  const item = (f) => {
    const li = document.createElement("li");
    li.append(el("code", null, f.path || "playlist"), `: ${f.message} `, el("span", "meta", `(${f.code})`));
    return li;
  };
  $("violations").replaceChildren(...violations.map(item));
  $("warnings").replaceChildren(...warnings.map(item));
}

function showPlan(answer) {
  const rows = [];
  if (answer.plan) rows.push(["Tasks", String(answer.plan.tasks)]);
  const est = answer.estimate;
  if (est) {
    // a partial estimate is a lower bound; its duration is one only when some clip's duration was unknown
    const lower = (est.unknownClips ?? []).length > 0;
    if (est.outputMillis != null) rows.push(["Output", seconds(est.outputMillis) + (lower ? " (at least)" : "")]);
    if (est.price != null) rows.push(["Price", `${est.price} ${est.currency ?? ""}`.trim() + (est.exactness === "exact" ? "" : " (at least)")]);
    if (est.notes?.length) rows.push(["Notes", est.notes.join(" ")]);
  }
  if (answer.target) rows.push(["Saved as", `oss://${answer.target.bucket}/${answer.target.key}`]);
  if (answer.process) rows.push(["Process", answer.process]);
  $("plan").replaceChildren(...rows.flatMap(([k, v]) => [el("dt", null, k), el("dd", null, v)]));
}

// ---- submitting and watching --------------------------------------------------------------------------------

async function submit() {
  const button = $("submit");
  button.disabled = true;
  $("job").hidden = false;
  $("result").hidden = true;
  $("progress").value = 0;
  const status = $("job-status");
  status.textContent = "Submitting…";
  try {
    const body = playlistBody();
    const job = await api("POST", "/concat", body);
    status.textContent = `Job ${job.jobId} ${job.duplicate ? "was submitted before" : "submitted"}.`;
    await watch(job.jobId, body.bucket || state.bucket);
  } catch (e) {
    status.textContent = describe(e);
  } finally {
    button.disabled = !state.valid;
  }
}

async function watch(jobId, bucket) {
  const status = $("job-status");
  let afterSuccess = 0;
  for (;;) {
    const query = new URLSearchParams({ jobId });
    if (bucket) query.set("bucket", bucket);
    const job = await api("GET", "/status?" + query);
    const p = job.progress;
    $("progress").value = p.fraction;
    status.textContent = phaseText(job);
    if (job.links && $("result").hidden) play(job.links);
    if (["verified", "failed", "rejected"].includes(p.phase)) return;
    if (p.phase === "succeeded" && ++afterSuccess > POLLS_FOR_VERIFICATION) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function phaseText(job) {
  const p = job.progress;
  switch (p.phase) {
    case "validating": return "Checking and submitting…";
    case "submitted": return "Submitted; OSS is joining the clips…";
    case "rendering": return `Joining part ${p.part} of ${p.partsTotal}…`;
    case "finishing": return "Joining the parts…";
    case "succeeded": return "Done. Checking the output…";
    case "verified": return job.verified === "true" ? "Done: the output is verified." : `Done; verification: ${job.verified}`;
    case "failed": return `Failed: ${job.error ?? "no reason given"}`;
    case "rejected": return `Rejected by OSS: ${job.error ?? "no reason given"}`;
    default: return p.phase;
  }
}

function play(links) {
  const video = $("output");
  video.src = links.playlist ?? links.output;
  $("output-link").href = links.output;
  $("result").hidden = false;
}

// ---- helpers ------------------------------------------------------------------------------------------------

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text != null) e.textContent = text;
  return e;
}

function button(text, label, disabled, onClick) {
  const b = el("button", null, text);
  b.type = "button";
  b.disabled = disabled;
  b.setAttribute("aria-label", label);
  b.addEventListener("click", onClick);
  return b;
}

function describe(e) {
  return e instanceof ApiError ? `${e.body.error}: ${e.body.message}` : `The function could not be reached (${e.message}).`;
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

function bytes(n) {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${Math.max(1, Math.round(n / 1024))} KiB`;
}

// ---- start --------------------------------------------------------------------------------------------------

$("output-key").value = `outputs/composer-${new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "")}.{autoext}`;
$("browse-form").addEventListener("submit", (e) => { e.preventDefault(); browse(null); });
$("more").addEventListener("click", () => browse(state.next));
$("preset").addEventListener("change", schedule);
$("output-key").addEventListener("input", schedule);
$("submit").addEventListener("click", submit);
renderPlaylist();
