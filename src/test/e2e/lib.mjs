// What every browser walk of the console shares: its settings from the environment, checks that
// stop the walk at the first one that fails, Chromium, a sign-in through Keycloak's form, and what
// a failed walk leaves behind (a screenshot, the page's URL and text).
import { chromium } from "playwright-core";

export const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

export const checks = [];
export function check(condition, what) {
  if (!condition) throw new Error(`failed: ${what}`);
  checks.push(what);
}

/** Debian's Chromium, headless, with nothing of its own on the network. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
}

/** A new page of the context signed in through Keycloak's form, on the console page it asked for. */
export async function signIn(context, email, password, url = `${env("BASE_URL")}/console`) {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector("#kc-form-login");
  await page.fill("#username", email);
  await page.fill("#password", password);
  await Promise.all([page.waitForURL(/\/console\//), page.click("#kc-login")]);
  return page;
}

/** Every visible form control is named by a label (or aria-label). */
export async function labelled(page, where) {
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll("input, select, textarea")]
      .filter((c) => c.type !== "hidden" && !c.closest("dialog:not([open])"))
      .filter((c) => !(c.labels && c.labels.length) && !c.getAttribute("aria-label") && !c.getAttribute("aria-labelledby"))
      .map((c) => c.outerHTML.slice(0, 80)));
  check(unnamed.length === 0, `every field of ${where} has a label (${unnamed.join(" | ")})`);
}

export async function fitsWidth(page, width, where) {
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  check(scroll <= width, `${where} fits ${width} px (scroll width ${scroll})`);
}

/** The checks that held, after a walk that completed. */
export function passed(walk) {
  console.log(`${walk}: ${checks.length} checks held`);
  for (const what of checks) console.log(`  ok  ${what}`);
}

/** A walk that stopped: why, where, and a screenshot of the page it was on. */
export async function failed(error, page, screenshot) {
  console.error(String(error && error.stack || error));
  if (page) {
    await page.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
    console.error(`at ${page.url()}`);
    console.error((await page.textContent("body").catch(() => "")).slice(0, 3000));
  }
  process.exitCode = 1;
}
