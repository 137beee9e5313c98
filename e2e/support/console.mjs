// The staff console as the end-to-end tests use it: a member added with the admin key, and signing in on the page.
import assert from 'node:assert/strict';

/** Adds a member of staff through `POST /api/admin/staff`, as an operator would. */
export async function addStaff(serverUrl, adminKey, name, password) {
  const added = await fetch(`${serverUrl}/api/admin/staff`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${adminKey}` },
    body: JSON.stringify({ name, password }),
  });
  assert.equal(added.status, 201, await added.clone().text());
}

/** Opens the console in English and signs in; the caller waits for what it needs to see next. */
export async function signInToConsole(page, serverUrl, name, password) {
  await page.goto(`${serverUrl}/console?lang=en`);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
