// The invitee's language through sign-in and the platform administrator's person page, in a real
// browser (Debian's Chromium, driven by playwright-core), in English and French: an invitee accepts
// in French after a form sent back with a problem (the terms box stays ticked) and meets Keycloak's
// sign-in page in French (ui_locales); an administrator sorts the users list, previews and sends a
// list whose quota lines read as one entry "× n" live and after a reload; a platform administrator
// follows a person's account link, sees their last sign-in, deactivates and reactivates them.
// /favicon.ico answers; the focus ring stands out against white; Cancel never wraps alone at 390 px.
// Run by ConsoleE2EIT with the stack it starts; every input comes from the environment.
import { env, check, launch, signIn, passed, failed } from "./lib.mjs";
import { mkdirSync } from "node:fs";

const BASE = env("BASE_URL");
const SHOTS = env("SCREENSHOTS");
const ACCOUNT = env("ACCOUNT_ID");
const USERS = `${BASE}/console/accounts/${ACCOUNT}/users`;
mkdirSync(SHOTS, { recursive: true });

/** The contrast ratio of two CSS rgb() colours (WCAG 2.2). */
function contrast(a, b) {
  const luminance = (css) => {
    const [r, g, bl] = css.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => p - q);
  return (y + 0.05) / (x + 0.05);
}

/** The addresses of the users list, top to bottom, up to their run marker. */
async function listed(page) {
  const emails = await page.locator("#members tbody tr td:nth-child(2)").allTextContents();
  return emails.map((email) => email.trim().split("-")[0]);
}

const browser = await launch();
let current;
try {
  // The invitee, in French from the mail's link to Keycloak's sign-in page.
  const invitee = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
  current = await invitee.newPage();
  const form = current;
  await form.goto(`${env("INVITE_LINK")}?lang=fr`);
  check((await form.textContent("button[type=submit]")).includes("Créer mon compte"), "the invitation page speaks French");
  await form.fill("#lastName", "Curie");
  await form.fill("#password", env("INVITEE_PASSWORD"));
  await form.fill("#passwordConfirmation", env("INVITEE_PASSWORD"));
  await form.selectOption("#language", "fr");
  await form.check("#acceptTerms");
  await Promise.all([form.waitForLoadState("load"), form.click("button[type=submit]")]);
  await form.waitForSelector("#firstName-error");
  check(await form.isChecked("#acceptTerms"), "a form sent back with a problem keeps the terms box ticked");
  check((await form.inputValue("#lastName")) === "Curie", "and the fields filled in");
  check((await form.inputValue("#language")) === "fr", "and the language chosen");
  await form.fill("#firstName", "Marie");
  await form.fill("#password", env("INVITEE_PASSWORD"));
  await form.fill("#passwordConfirmation", env("INVITEE_PASSWORD"));
  await Promise.all([form.waitForSelector("#kc-form-login"), form.click("button[type=submit]")]);
  check(form.url().includes("ui_locales=fr"), `the sign-in is asked in French (${form.url()})`);
  check((await form.getAttribute("html", "lang")) === "fr", "Keycloak's sign-in page is French");
  await form.screenshot({ path: `${SHOTS}/invitee-sign-in-fr.png` });
  await form.fill("#password", env("INVITEE_PASSWORD"));
  await Promise.all([form.waitForURL(/\/welcome/), form.click("#kc-login")]);
  check((await form.getAttribute("html", "lang")) === "fr", "the invitee's home is French too");
  await invitee.close();

  // The administrator's users list: sorted, its page size said, a pending person named by their address.
  const desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
  current = await signIn(desk, env("ACCOUNT_ADMIN_EMAIL"), env("ACCOUNT_ADMIN_PASSWORD"), USERS);
  const page = current;
  const icon = await page.request.get(`${BASE}/favicon.ico`);
  check(icon.status() === 200 && /max-age=/.test(icon.headers()["cache-control"] || ""), "/favicon.ico answers, cached");
  await page.goto(`${USERS}?sort=email`);
  check(JSON.stringify(await listed(page)) === JSON.stringify(["a", "b", "c"]), `sorted by email (${await listed(page)})`);
  await page.selectOption("#sort", "name");
  await Promise.all([page.waitForURL(/sort=name/), page.click("form.filters button[type=submit]")]);
  check(JSON.stringify(await listed(page)) === JSON.stringify(["b", "c", "a"]), `sorted by name (${await listed(page)})`);
  const pendingName = (await page.locator("#members tbody tr").first().locator("td").first().textContent()).trim();
  check(pendingName === env("PENDING_EMAIL"), `a pending person is named by their address (${pendingName})`);
  check((await page.textContent("#page-size")).trim() === "25 per page", "the list says its page size");
  await page.goto(`${USERS}?sort=bogus`);
  check((await page.locator("#members tbody tr").count()) === 3, "an odd order shows the list as usual");
  await page.goto(`${USERS}?sort=email&lang=fr`);
  check((await page.textContent("label[for=sort]")).trim() === "Trier par", "the order is chosen in French");
  check((await page.textContent("#page-size")).trim() === "25 par page", "the page size is said in French");
  await page.goto(`${USERS}?lang=en`);

  // The focus ring stands out against white (3:1 at least).
  await page.focus("#q");
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Tab");
  const [style, ring, onWhite] = await page.evaluate(() => {
    const seen = getComputedStyle(document.activeElement);
    return [seen.outlineStyle, seen.outlineColor, !document.activeElement.closest(".top")];
  });
  check(style !== "none" && onWhite, `the keyboard's focus is ringed (${style}) on the page`);
  check(contrast(ring, "rgb(255, 255, 255)") >= 3, `the focus ring is ${contrast(ring, "rgb(255, 255, 255)").toFixed(1)}:1 against white`);

  // The preview and the batch: 60 new addresses for the seats left, the rest one quota entry.
  const run = Date.now().toString(36);
  const lines = Array.from({ length: 60 }, (_, i) => `grouped-${run}-${i}@console.example`);
  await page.click("button[data-open-dialog=invite-dialog]");
  await page.fill("#addresses", lines.join("\n"));
  await page.click("#preview-button");
  await page.waitForSelector("#preview:not([hidden])");
  await page.waitForFunction(() => Number(document.querySelector('#preview [data-count="QUOTA_REACHED"]').textContent) > 0);
  const over = Number(await page.textContent('#preview [data-count="QUOTA_REACHED"]'));
  check((await page.locator("#preview-lines li").count()) === 1, `the preview lists its ${over} quota lines as one entry`);
  check((await page.textContent("#preview-lines li")).includes(`× ${over}`), `the entry says × ${over}`);
  check((await page.textContent("#preview-lines li")).includes(`and ${over - 3} more`), "with its first three lines and the count of the rest");
  await Promise.all([page.waitForURL(/\/batches\//), page.click("#send-button")]);
  await page.waitForFunction(() => document.querySelector("#batch").dataset.status === "COMPLETED"
    || document.querySelector("#progress").value === document.querySelector("#progress").max, null, { timeout: 60_000 });
  await page.waitForFunction((n) => [...document.querySelectorAll("#messages li")].some((li) => li.textContent.includes(`× ${n}`)), over, { timeout: 30_000 });
  check((await page.locator("#messages li").count()) === 1, "the live page shows one entry for the quota lines");
  await page.reload();
  check((await page.locator("#messages li").count()) === 1, "and so does the page after a reload");
  check((await page.textContent("#messages li")).includes(`× ${over}`), `the reloaded entry says × ${over}`);
  check(await page.isHidden("#messages-cut"), "an entry standing for every line is no cut list");
  // What the stream would bring next joins its entry, as the live page does with each event.
  const joined = await page.evaluate(([n, run]) => {
    const list = document.getElementById("messages");
    const quota = list.firstElementChild;
    const message = quota.querySelector(".text").textContent;
    addLine(list, { seq: 9001, email: `late-${run}@console.example`, outcome: "QUOTA_REACHED", severity: "error", message }, true);
    addLine(list, { seq: 9002, email: "late", outcome: "INVALID_EMAIL", severity: "error", message: '"late" is not valid' }, true);
    return [list.children.length, list.firstElementChild.textContent, list.lastElementChild.textContent];
  }, [over, run]);
  check(joined[0] === 2 && joined[1].includes(`× ${over + 1}`), `a live line joins its entry (${joined[1]})`);
  check(joined[2].startsWith("#9002 late:"), `another message is an entry of its own (${joined[2]})`);
  await page.screenshot({ path: `${SHOTS}/console-batch-grouped.png` });
  await page.goto(`${page.url()}?lang=fr`);
  check((await page.textContent("#messages li")).includes(`et ${over - 3} autres`), "the entry is said in French");
  check((await page.textContent("#messages li")).includes("limite"), "its message too");

  // 390 px: the invite dialog's Cancel shares its row.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, storageState: await desk.storageState() });
  const small = await phone.newPage();
  for (const lang of ["en", "fr"]) {
    await small.goto(`${USERS}?lang=${lang}`);
    await small.click("button[data-open-dialog=invite-dialog]");
    const cancel = await small.locator("#invite-form .actions button[data-close-dialog]").boundingBox();
    const preview = await small.locator("#preview-button").boundingBox();
    check(Math.abs(cancel.y - preview.y) < 2, `at 390 px (${lang}) Cancel is not alone on its row`);
  }
  await phone.close();
  await desk.close();

  // The platform administrator: the person's page, its account link, last sign-in, reactivation.
  const platform = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
  current = await signIn(platform, env("PLATFORM_EMAIL"), env("PLATFORM_PASSWORD"));
  const admin = current;
  await admin.goto(`${BASE}/console/admin/users?q=${encodeURIComponent(env("INVITEE_EMAIL"))}`);
  await admin.click(`text=${env("INVITEE_EMAIL")}`);
  const person = admin.url();
  check(!(await admin.textContent("#last-sign-in")).includes("None"), `the last sign-in is shown (${await admin.textContent("#last-sign-in")})`);
  const accountLink = await admin.getAttribute("#accounts a", "href");
  check(accountLink === `/console/accounts/${ACCOUNT}/users`, "the person's account links to the account");
  await admin.click("button[data-open-dialog=deactivate-dialog]");
  await Promise.all([admin.waitForURL(/notice=deactivated/), admin.click("#deactivate-dialog button.danger")]);
  await admin.goto(`${person}?lang=fr`);
  await admin.click("button[data-open-dialog=reactivate-dialog]");
  await Promise.all([admin.waitForURL(/notice=reactivated/), admin.click("#reactivate-dialog button.primary")]);
  check((await admin.textContent(".notice")).includes("réactivée"), "the reactivation is confirmed in French");
  check(!(await admin.textContent(".badge")).includes("Désactivé"), "the person is no longer deactivated");
  await admin.screenshot({ path: `${SHOTS}/console-person.png` });
  await Promise.all([admin.waitForURL(new RegExp(`/console/accounts/${ACCOUNT}/users`)), admin.click("#accounts a")]);
  check((await admin.locator("#members tbody tr").count()) > 0, "the account link opens the account's users");
  await platform.close();

  passed("invitee and platform e2e");
} catch (error) {
  await failed(error, current, `${SHOTS}/failure-invitee-platform.png`);
} finally {
  await browser.close();
}
