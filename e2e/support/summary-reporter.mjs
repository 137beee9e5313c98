// A node:test reporter that ends the run with one plain line, "N passed, N failed" (and skipped, todo, and files
// that held no test, when there are any), so a run that executed no test is visible; that run also exits 1.
export default async function* summary(source) {
  const counts = { passed: 0, failed: 0, skipped: 0, todo: 0, empty: 0 };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const data = event.data;
    // Suites (describe) pass or fail with their tests; count the tests only.
    if (data.details?.type === 'suite') continue;
    // A file stands for itself only when it declared no test (passes) or could not run (fails).
    if (data.nesting === 0 && data.name === data.file) {
      if (event.type === 'test:fail') counts.failed++;
      else counts.empty++;
      continue;
    }
    if (data.todo !== undefined && data.todo !== false) counts.todo++;
    else if (data.skip !== undefined && data.skip !== false) counts.skipped++;
    else if (event.type === 'test:pass') counts.passed++;
    else counts.failed++;
  }
  const extra = [
    counts.skipped && `${counts.skipped} skipped`,
    counts.todo && `${counts.todo} todo`,
    counts.empty && `${counts.empty} file${counts.empty > 1 ? 's' : ''} with no test`,
  ].filter(Boolean);
  const ran = counts.passed + counts.failed;
  if (ran === 0 || counts.empty > 0) process.exitCode = 1;
  yield `\n${counts.passed} passed, ${counts.failed} failed${extra.length ? `, ${extra.join(', ')}` : ''}${ran === 0 ? ' (no test ran)' : ''}\n`;
}
