// Usher's administration console: dialogs, the invite preview and sending, the password-reset
// countdown and a batch's live progress. Plain JavaScript; every page still reads without it.
"use strict";

document.addEventListener("click", (event) => {
  const opener = event.target.closest("[data-open-dialog]");
  if (opener) {
    document.getElementById(opener.dataset.openDialog).showModal();
  }
  const closer = event.target.closest("[data-close-dialog]");
  if (closer) {
    document.getElementById(closer.dataset.closeDialog).close();
  }
});

// Marks the console's own requests as scripts', so an ended session answers 499, not a sign-in page.
// The page's language, which the console may have chosen over the browser's: problems and messages come back in it.
/** A figure as the page's language writes it. */
function figure(value) {
  return Number(value).toLocaleString(document.documentElement.lang || "en");
}

const SCRIPT = { "X-Requested-With": "JavaScript", "Accept-Language": document.documentElement.lang || "en" };

// Lines of the same outcome and message are one entry of a message list, "× n" with their first
// lines, as the server's MessageGroups draws them: 1,903 quota lines are one entry, not 1,903.
const EXAMPLES = 3;
// Outcomes whose message is the same on every line of a batch (OutcomeMessages.sameOnEveryLine).
const SAME_ON_EVERY_LINE = ["QUOTA_REACHED"];

function span(className, text) {
  const element = document.createElement("span");
  element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

/** The lines an entry drawn by the server lists, as [seq, address]. */
function linesOf(item) {
  return [...item.querySelectorAll(".line")].map((line) => [line.querySelector(".seq").textContent.slice(1), line.lastChild.textContent.trim()]);
}

function drawEntry(list, item) {
  const count = Number(item.dataset.count);
  const text = span("text", item.message);
  const lines = item.lines.map(([seq, email]) => {
    const line = span("line");
    line.append(span("seq", `#${seq}`), ` ${email}`);
    return line;
  });
  if (count === 1) {
    item.replaceChildren(lines[0], ": ", text);
    return;
  }
  const times = document.createElement("strong");
  times.className = "times";
  times.setAttribute("aria-hidden", "true");
  times.textContent = `× ${figure(count)}`;
  const listed = span("lines");
  lines.forEach((line, i) => listed.append(...(i ? [", ", line] : [line])));
  const parts = [times, span("visually-hidden", list.dataset.countText.replace("__N__", figure(count))), " ", text, " — ", listed];
  if (count > lines.length) parts.push(" ", span("more", list.dataset.moreText.replace("__N__", figure(count - lines.length))));
  item.replaceChildren(...parts);
}

/**
 * Adds a line to its entry, or a new entry at the end; `latestLast` moves the entry it joined to the
 * end, so that the newest messages stay last (and the oldest are the ones a long list lets go).
 */
function addLine(list, line, latestLast) {
  const key = `${line.outcome}|${line.message}`;
  let item = [...list.children].find((entry) => entry.dataset.key === key);
  if (item) {
    item.lines ??= linesOf(item);
    item.message ??= item.querySelector(".text").textContent;
  } else {
    item = document.createElement("li");
    item.className = line.severity;
    item.dataset.key = key;
    item.dataset.count = "0";
    item.lines = [];
    item.message = line.message;
    list.append(item);
  }
  item.dataset.count = String(Number(item.dataset.count) + 1);
  if (item.lines.length < EXAMPLES) item.lines.push([line.seq, line.email]);
  drawEntry(list, item);
  if (latestLast) list.append(item);
  return item;
}

/** How many lines the entries of a list stand for. */
function linesIn(list) {
  return [...list.children].reduce((sum, item) => sum + Number(item.dataset.count || 1), 0);
}

/** A problem's field as the page's reader reads it (FieldLabels): its label, else its name. */
function fieldLabel(field) {
  let labels = {};
  try {
    labels = JSON.parse(document.body.dataset.fieldLabels || "{}");
  } catch (e) {
    // no labels: the names serve
  }
  const label = (name) => (Object.prototype.hasOwnProperty.call(labels, name) ? labels[name] : null);
  if (label(field)) return label(field);
  const item = /^(.+)\[(\d+)\]$/.exec(field);
  if (item && label(item[1]) && label("[]")) {
    return label("[]").replace("__LABEL__", label(item[1])).replace("__N__", String(Number(item[2]) + 1));
  }
  return field;
}

async function problemOf(response) {
  if (response.status === 499) return document.body.dataset.sessionEnded;
  try {
    const problem = await response.json();
    // Each field named by its label in the page's language, as the console's own pages say them.
    const errors = (problem.errors || []).map((e) => `${fieldLabel(e.field)} — ${e.message}`).join("; ");
    const detail = problem.detail || problem.title;
    if (!errors) return detail;
    return (fieldLabel(":") !== ":" ? fieldLabel(":") : "__DETAIL__: __ERRORS__")
      .replace("__DETAIL__", () => detail).replace("__ERRORS__", () => errors);
  } catch (e) {
    return `${response.status} ${response.statusText}`;
  }
}

/** The preview's seats of the invited role: used now, and used once the list is invited. */
function showSeats(line, seats) {
  if (!line) return;
  line.hidden = !seats;
  if (!seats) return;
  const text = seats.role === "SITE_ADMIN" ? line.dataset.siteAdmin : line.dataset.editor;
  line.textContent = text.replace("__USED__", figure(seats.used)).replace("__AFTER__", figure(seats.after))
    .replaceAll("__QUOTA__", figure(seats.quota));
  line.classList.toggle("full", seats.after >= seats.quota);
}

function setupInvite() {
  const form = document.getElementById("invite-form");
  if (!form) return;
  const addresses = form.querySelector("#addresses");
  const error = form.querySelector("#invite-error");
  const preview = form.querySelector("#preview");
  const previewButton = form.querySelector("#preview-button");
  const sendButton = form.querySelector("#send-button");
  const file = form.querySelector("#invite-file");
  const key = crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random();

  function query() {
    const params = new URLSearchParams({ role: form.querySelector("#invite-role").value });
    form.querySelectorAll("input[name=team]:checked").forEach((box) => params.append("team", box.value));
    return params.toString();
  }
  function fail(message) {
    error.textContent = message;
    error.hidden = false;
  }
  // A chosen file is sent as it is, instead of the text area: a .csv as CSV (its email column), else as lines.
  function chosen() {
    return file && file.files.length > 0 ? file.files[0] : null;
  }
  if (file) {
    file.addEventListener("change", () => {
      addresses.disabled = chosen() !== null;
    });
  }
  async function post(url, headers) {
    error.hidden = true;
    const upload = chosen();
    if (!upload && !addresses.value.trim()) {
      fail(form.dataset.empty);
      return null;
    }
    const type = upload && /\.csv$/i.test(upload.name) ? "text/csv" : "text/plain";
    previewButton.disabled = sendButton.disabled = true;
    try {
      const response = await fetch(`${url}?${query()}`, {
        method: "POST",
        headers: Object.assign({ "Content-Type": `${type}; charset=utf-8`, Accept: "application/json" }, SCRIPT, headers),
        body: upload || addresses.value,
      });
      if (!response.ok) {
        fail(await problemOf(response));
        return null;
      }
      return await response.json();
    } catch (e) {
      fail(String(e));
      return null;
    } finally {
      previewButton.disabled = sendButton.disabled = false;
    }
  }
  previewButton.addEventListener("click", async () => {
    const result = await post(form.dataset.previewUrl, {});
    if (!result) return;
    preview.hidden = false;
    for (const [outcome, count] of Object.entries(result.counts)) {
      const cell = preview.querySelector(`[data-count="${outcome}"]`);
      if (cell) cell.textContent = count;
    }
    showSeats(preview.querySelector("#preview-seats"), result.seats);
    const list = preview.querySelector("#preview-lines");
    list.replaceChildren();
    for (const line of result.lines) addLine(list, line, false);
    // A message said the same on every line counts them all, the listed and the unlisted alike.
    for (const item of list.children) {
      const outcome = item.dataset.key.split("|")[0];
      if (SAME_ON_EVERY_LINE.includes(outcome) && result.counts[outcome] > Number(item.dataset.count)) {
        item.dataset.count = String(result.counts[outcome]);
        drawEntry(list, item);
      }
    }
    while (list.children.length > 500) list.lastElementChild.remove();
    // The counts count every line; the list may stand for only the first: it says so.
    const failing = Object.entries(result.counts)
      .filter(([outcome]) => !["INVITED", "INVITED_SSO", "ADDED_EXISTING_USER"].includes(outcome))
      .reduce((sum, [, count]) => sum + count, 0);
    const shown = linesIn(list);
    const cut = preview.querySelector("#preview-cut");
    cut.hidden = shown >= failing;
    cut.textContent = cut.dataset.text.replace("__N__", figure(shown)).replace("__TOTAL__", figure(failing));
  });
  sendButton.addEventListener("click", async () => {
    const label = sendButton.textContent;
    sendButton.textContent = form.dataset.working;
    // The same key on every try: a click that did reach the server is not a second batch.
    const result = await post(form.dataset.inviteUrl, { "Idempotency-Key": key });
    if (result) {
      window.location.assign(result.location);
    } else {
      sendButton.textContent = label;
    }
  });
}

function setupReset() {
  const button = document.getElementById("reset-button");
  if (!button) return;
  const status = document.getElementById("reset-status");
  const label = button.textContent;
  function countdown(seconds, announce) {
    button.disabled = true;
    status.textContent = announce.replace("__S__", seconds);
    let left = seconds;
    const timer = setInterval(() => {
      left -= 1;
      if (left <= 0) {
        clearInterval(timer);
        button.disabled = false;
        button.textContent = label;
        return;
      }
      button.textContent = button.dataset.again.replace("__S__", left);
    }, 1000);
    button.textContent = button.dataset.again.replace("__S__", left);
  }
  button.addEventListener("click", async () => {
    button.disabled = true;
    const response = await fetch(button.dataset.url, { method: "POST", headers: Object.assign({ Accept: "application/json" }, SCRIPT) });
    if (response.status === 202) {
      countdown((await response.json()).retryAfter, button.dataset.sent);
    } else if (response.status === 429) {
      countdown(Number(response.headers.get("Retry-After")) || 30, await problemOf(response));
    } else {
      status.textContent = await problemOf(response);
      button.disabled = false;
    }
  });
}

/** The batch page's heading says what is true: decided, mails still being sent, or all sent. */
function heading(mailsUnderway) {
  const title = document.getElementById("batch-title");
  title.textContent = mailsUnderway ? title.dataset.decided : title.dataset.done;
}

/** The batch's mail counts, again every 3 s while some are still to be sent or the batch still runs. */
function refreshMails(running) {
  const mails = document.getElementById("mails");
  if (!mails || (!running && mails.dataset.underway !== "true")) return;
  setTimeout(async () => {
    const response = await fetch(mails.dataset.href, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const counts = await response.json();
    for (const key of ["sent", "pending", "failed"]) {
      mails.querySelector(`[data-mail="${key}"]`).textContent = counts[key];
    }
    mails.dataset.underway = String(counts.pending > 0);
    const bar = document.getElementById("mails-progress");
    const total = counts.sent + counts.pending + counts.failed;
    bar.max = total;
    bar.value = counts.sent + counts.failed;
    const text = document.getElementById("mails-text");
    text.textContent = text.dataset.text.replace("__N__", bar.value).replace("__TOTAL__", total);
    const batch = document.getElementById("batch");
    if (batch && batch.dataset.status === "COMPLETED") heading(counts.pending > 0);
    refreshMails(batch && batch.dataset.status !== "COMPLETED");
  }, 3000);
}

function setupBatch() {
  const batch = document.getElementById("batch");
  if (!batch) return;
  const total = Number(batch.dataset.total);
  const progress = document.getElementById("progress");
  const text = document.getElementById("progress-text");
  const list = document.getElementById("messages");
  const cut = document.getElementById("messages-cut");
  let told = Number(cut.dataset.total);
  let processed = Number(batch.dataset.after);
  refreshMails(batch.dataset.status !== "COMPLETED");
  function show() {
    progress.value = processed;
    text.textContent = batch.dataset.progressText.replace("__N__", processed).replace("__TOTAL__", total);
  }
  if (batch.dataset.status === "COMPLETED") return;
  // The page keeps the latest entries only; the report has every line.
  const kept = 500;
  const source = new EventSource(`${batch.dataset.events}?after=${processed}&lang=${encodeURIComponent(document.documentElement.lang || "en")}`);
  source.addEventListener("outcome", (event) => {
    const outcome = JSON.parse(event.data);
    if (outcome.seq <= processed) return; // already counted (the stream resumes after the last event it sent)
    processed = outcome.seq;
    const cell = batch.querySelector(`[data-count="${outcome.outcome}"]`);
    if (cell) cell.textContent = Number(cell.textContent) + 1;
    if (outcome.severity !== "success") {
      const none = document.getElementById("no-messages");
      if (none) none.remove();
      addLine(list, outcome, true);
      told += 1;
      while (list.children.length > kept) list.firstElementChild.remove();
      const shown = linesIn(list);
      if (shown < told) {
        cut.hidden = false;
        cut.firstChild.textContent = `${cut.dataset.text.replace("__N__", figure(shown)).replace("__TOTAL__", figure(told))} `;
      }
    }
    show();
  });
  // The browser retries a dropped stream by itself (resuming after the last event); a stream it
  // gave up on (the session ended, say) is said, so the bar is not taken for finished or stuck.
  source.addEventListener("error", () => {
    if (source.readyState !== EventSource.CLOSED || batch.dataset.status === "COMPLETED") return;
    const stopped = document.createElement("p");
    stopped.className = "error";
    stopped.setAttribute("role", "alert");
    stopped.textContent = document.body.dataset.liveStopped;
    text.after(stopped);
  });
  source.addEventListener("completed", (event) => {
    source.close();
    const final = JSON.parse(event.data);
    processed = final.processed;
    for (const [outcome, count] of Object.entries(final.counts)) {
      const cell = batch.querySelector(`[data-count="${outcome}"]`);
      if (cell) cell.textContent = count;
    }
    show();
    batch.dataset.status = "COMPLETED";
    // Every address is decided; the mails may still be on their way (refreshMails says when they are not).
    const mailed = final.counts.INVITED + final.counts.INVITED_SSO + final.counts.ADDED_EXISTING_USER;
    const settled = ["sent", "failed"].reduce((sum, key) => sum + Number(batch.querySelector(`[data-mail="${key}"]`).textContent), 0);
    heading(settled < mailed);
    if (settled < mailed) {
      document.getElementById("mails").dataset.underway = "true";
      refreshMails(false);
    }
  });
}

setupInvite();
setupReset();
setupBatch();
