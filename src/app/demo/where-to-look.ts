/** The few lines `lcm serve` prints once it is up: where the API is, how to log in, how to start a class. */

export function formatWhereToLook(options: {
  url: string;
  /** Set on the first start, when the admin's password was generated (it is printed after this). */
  generatedAdminPassword: boolean;
  /** Whether the demo objects were seeded (`demo.seed`). */
  demoSeeded: boolean;
}): string {
  const { url } = options;
  const password = options.generatedAdminPassword
    ? 'the password printed below'
    : 'LCM_ADMIN_PASSWORD, or the password printed on the first start';
  const lines = [
    '',
    `LCM is up at ${url}`,
    `  Dashboard:   ${url}/   (sign in as admin)`,
    `  API docs:    ${url}/docs`,
    `  Log in:      lcm login --server ${url} --username admin   (${password})`,
  ];
  if (options.demoSeeded)
    lines.push(
      '  Demo class:  lcm demo class --seats 30   (then follow it with the commands it prints)',
    );
  lines.push('  (From a checkout, run lcm as `npm run lcm -- <command>`; see docs/demo.md.)', '');
  return `${lines.join('\n')}\n`;
}
