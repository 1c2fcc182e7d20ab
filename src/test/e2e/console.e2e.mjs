// The administration console in a real browser (Debian's Chromium, driven by playwright-core):
// sign in through Keycloak, invite 1,000 addresses after a preview, watch the batch reach 100 %,
// download its report, resend, reset (the button counts down), delete, the platform pages, French,
// the keyboard, labels, and a 390 px wide screen. Run by ConsoleE2EIT with the stack it starts;
// every input comes from the environment. Exits 0 when every check held.
import { env, check, launch, signIn, passed, failed, labelled, fitsWidth } from "./lib.mjs";
import { readFileSync, mkdirSync } from "node:fs";

const BASE = env("BASE_URL");
const SHOTS = env("SCREENSHOTS");
const ACCOUNT = env("ACCOUNT_ID");
const COUNT = Number(process.env.INVITE_COUNT || 1000);
mkdirSync(SHOTS, { recursive: true });

const browser = await launch();
let current;
try {
  const desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: "en-US" });
  current = await signIn(desk, env("ACCOUNT_ADMIN_EMAIL"), env("ACCOUNT_ADMIN_PASSWORD"));
  const page = current;
  const users = `${BASE}/console/accounts/${ACCOUNT}/users`;
  check(page.url().startsWith(users), `signed in, the console opens on the account's users (${page.url()})`);
  await page.waitForSelector("#members tbody tr");
  check((await page.locator("#members .badge.pending").count()) > 0, "a pending member shows as such");
  await labelled(page, "the users page");
  await page.screenshot({ path: `${SHOTS}/console-users.png` });

  // The keyboard: the first Tab reaches the skip link, which leads to the content.
  await page.keyboard.press("Tab");
  check(await page.evaluate(() => document.activeElement.classList.contains("skip")), "Tab reaches the skip link first");

  // Filters and search.
  await page.fill("#q", env("PENDING_EMAIL"));
  await Promise.all([page.waitForURL(/q=/), page.click("form.filters button[type=submit]")]);
  check((await page.locator("#members tbody tr").count()) === 1, "the search finds one member");
  await page.goto(`${users}?status=ACTIVE`);
  check((await page.locator("#members .badge.pending").count()) === 0, "the status filter leaves no pending member");

  // Invite 1,000 addresses, with a preview first.
  await page.goto(users);
  await page.click("button[data-open-dialog=invite-dialog]");
  await page.waitForSelector("#invite-dialog[open]");
  await labelled(page, "the invite dialog");
  const run = Date.now().toString(36);
  const lines = Array.from({ length: COUNT }, (_, i) => `e2e-${run}-${i}@console.example`);
  lines.push("not-an-address", env("PENDING_EMAIL"));
  // A CSV file instead of the text area: its email column is read, its other columns ignored.
  await page.setInputFiles("#invite-file", {
    name: "people.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`name,email\nAnn,csv-${run}@console.example\n"Bob, Jr.",not-an-address\n`),
  });
  check(await page.isDisabled("#addresses"), "a chosen file stands in for the text area");
  await page.click("#preview-button");
  await page.waitForSelector("#preview:not([hidden])");
  await page.waitForFunction(() => document.querySelector('#preview [data-count="INVITED"]').textContent === "1");
  check(Number(await page.textContent('#preview [data-count="INVALID_EMAIL"]')) === 1, "the file's preview counts its invalid line");
  await page.setInputFiles("#invite-file", []);
  check(!(await page.isDisabled("#addresses")), "without a file the text area is used again");

  await page.fill("#addresses", lines.join("\n"));
  await page.click("#preview-button");
  await page.waitForFunction((count) => document.querySelector('#preview [data-count="INVITED"]').textContent === String(count), COUNT);
  const previewed = Number(await page.textContent('#preview [data-count="INVITED"]'));
  check(previewed === COUNT, `the preview counts ${COUNT} to invite (${previewed})`);
  check(Number(await page.textContent('#preview [data-count="INVALID_EMAIL"]')) === 1, "the preview counts one invalid line");
  check(Number(await page.textContent('#preview [data-count="ALREADY_MEMBER"]')) === 1, "the preview counts one member");
  check((await page.locator("#preview-lines li").count()) === 2, "the preview lists the two lines it would not invite");
  await Promise.all([page.waitForURL(/\/batches\//), page.click("#send-button")]);
  // The picture of a batch in progress: taken while the bar moves, if the batch is not done first.
  await page.screenshot({ path: `${SHOTS}/console-batch.png` });
  for (let i = 0; i < 300; i++) {
    const [value, max] = await page.evaluate(() => [document.querySelector("#progress").value, document.querySelector("#progress").max]);
    if (value > 0 && value < max) {
      await page.screenshot({ path: `${SHOTS}/console-batch.png` });
      if (value >= max / 3) break;
    }
    if (value === max) break;
    await page.waitForTimeout(50);
  }
  // A reload resumes where the page was: no outcome is lost or counted twice.
  await page.reload();
  await page.waitForFunction(() => {
    const bar = document.querySelector("#progress");
    return bar.value === bar.max && bar.max > 0;
  }, null, { timeout: 120_000 });
  await page.waitForFunction(() => document.querySelector("#batch").dataset.status === "COMPLETED", null, { timeout: 30_000 });
  check((await page.textContent("#batch-title")).includes("sent"), "the batch says it is done");
  check(Number(await page.textContent('#batch [data-count="INVITED"]')) === COUNT, `${COUNT} invited, each counted once`);
  check((await page.locator("#messages li").count()) === 2, "two messages, each once");
  check((await page.textContent("#progress-text")).includes(`${COUNT + 2} of ${COUNT + 2}`), "the bar reads 100 %");
  await page.screenshot({ path: `${SHOTS}/console-batch-done.png` });

  // The report.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#report")]);
  const csv = readFileSync(await download.path(), "utf8").trim().split(/\r?\n/);
  check(csv[0] === "seq,email,outcome,severity,message", "the report has its header");
  check(csv.length === COUNT + 3, `the report has a line per address (${csv.length - 1})`);

  // The batch is found again among the account's invitations.
  const batchUrl = page.url();
  await page.click("text=All invitations");
  const newest = page.locator("#batches tbody tr").first();
  await page.screenshot({ path: `${SHOTS}/console-batches.png` });
  check((await newest.textContent()).includes(`${COUNT + 2} of ${COUNT + 2}`), "the invitations list shows the batch, done");
  check(batchUrl.endsWith(await newest.locator("a").first().getAttribute("href")), "the list links to the batch's page");

  // Resend an invitation.
  await page.goto(`${users}/${env("PENDING_USER_ID")}`);
  await labelled(page, "a member's page");
  await Promise.all([page.waitForURL(/notice=resent/), page.click("text=Resend the invitation")]);
  check(await page.isVisible(".notice"), "the resend is confirmed");

  // Send a reset link: the button disables itself and counts down.
  await page.goto(`${users}/${env("ACTIVE_USER_ID")}`);
  await page.click("#reset-button");
  await page.waitForFunction(() => document.querySelector("#reset-button").disabled
    && /\d+ s/.test(document.querySelector("#reset-button").textContent));
  const first = Number((await page.textContent("#reset-button")).match(/(\d+) s/)[1]);
  await page.waitForTimeout(2_200);
  const later = Number((await page.textContent("#reset-button")).match(/(\d+) s/)[1]);
  check(first >= 29 && first <= 30 && later < first, `the reset button counts down (${first} then ${later})`);
  check(await page.isDisabled("#reset-button"), "the reset button stays disabled meanwhile");
  check((await page.textContent("#reset-status")).length > 0, "the reset is announced");

  // Delete, after confirming.
  await page.goto(`${users}/${env("REMOVABLE_USER_ID")}`);
  await page.click("button[data-open-dialog=delete-dialog]");
  await page.waitForSelector("#delete-dialog[open]");
  check(await page.evaluate(() => document.activeElement.textContent.trim() === "Cancel"), "the confirmation starts on Cancel");
  await Promise.all([page.waitForURL(/notice=removed/), page.click("#delete-dialog button.danger")]);
  check(await page.isVisible(".notice"), "the removal is confirmed");

  // Edit a role.
  await page.goto(`${users}/${env("ACTIVE_USER_ID")}`);
  await page.selectOption("#role", "SITE_ADMIN");
  await Promise.all([page.waitForURL(/notice=saved/), page.click("text=Save")]);
  check((await page.inputValue("#role")) === "SITE_ADMIN", "the role change is saved");

  // French.
  await page.goto(`${users}?lang=fr`);
  check((await page.textContent("h1")).startsWith("Utilisateurs"), "the console speaks French");
  await page.goto(`${users}?lang=en`);

  // A phone's width.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, storageState: await desk.storageState() });
  const small = await phone.newPage();
  await small.goto(users);
  await fitsWidth(small, 390, "the users page");
  await small.screenshot({ path: `${SHOTS}/console-users-390.png` });
  await small.goto(page.url().replace(/\/users.*/, "/users") + `/${env("ACTIVE_USER_ID")}`);
  await fitsWidth(small, 390, "a member's page");
  await small.goto(batchUrl.replace(/\/batches\/.*/, "/batches"));
  await fitsWidth(small, 390, "the invitations page");
  await phone.close();

  // An ended session: the dialog says so, instead of a fetch that fails on Keycloak's page.
  await page.goto(users);
  await desk.clearCookies();
  await page.click("button[data-open-dialog=invite-dialog]");
  await page.fill("#addresses", `late-${run}@console.example`);
  await page.click("#preview-button");
  await page.waitForSelector("#invite-error:not([hidden])");
  check((await page.textContent("#invite-error")).includes("session has ended"), "an ended session is said in the dialog");

  // The platform pages.
  const platform = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
  current = await signIn(platform, env("PLATFORM_EMAIL"), env("PLATFORM_PASSWORD"));
  const admin = current;
  await admin.goto(`${BASE}/console/admin/users?q=${encodeURIComponent(env("DEACTIVATE_EMAIL"))}`);
  check((await admin.locator("#people tbody tr").count()) === 1, "the platform search finds the person");
  await labelled(admin, "the people page");
  await admin.click(`text=${env("DEACTIVATE_EMAIL")}`);
  check((await admin.locator("#accounts tbody tr").count()) >= 1, "a person's accounts are listed");
  await admin.click("button[data-open-dialog=deactivate-dialog]");
  await Promise.all([admin.waitForURL(/notice=deactivated/), admin.click("#deactivate-dialog button.danger")]);
  check((await admin.textContent(".badge")).includes("Deactivated"), "the person is deactivated");
  await admin.goto(`${BASE}/console/admin/sso-domains`);
  await labelled(admin, "the SSO domains page");
  await admin.fill("#domain", `e2e-${run}.example`);
  await admin.fill("#identityProvider", "e2e-idp");
  await Promise.all([admin.waitForURL(/notice=saved/), admin.click("text=Add the route")]);
  check(await admin.isVisible(`text=e2e-${run}.example`), "an SSO domain is added");
  await Promise.all([admin.waitForURL(/notice=removed/), admin.click(`button[aria-label="Remove e2e-${run}.example"]`)]);
  check(!(await admin.isVisible(`text=e2e-${run}.example`)), "an SSO domain is removed");
  await platform.close();

  passed("console e2e");
} catch (error) {
  await failed(error, current, `${SHOTS}/failure.png`);
} finally {
  await browser.close();
}
