// What the real-VS-Code tiers and `npm start` run on, pinned. The tools folder is keyed by these
// versions, so changing one installs a fresh folder beside the old one instead of mutating it.
//
// code-server 4.100.3 is VS Code 1.100.3 (the `engines.vscode` floor of package.json) and needs
// Node 20, the Node this repository runs on. vsce 3.x is the last line that runs on Node 20.
export const npmTools = {
  'code-server': '4.100.3',
  'playwright-core': '1.65.1',
  mocha: '11.7.5',
  '@vscode/vsce': '3.9.2',
};

/** code-server's own lib/vscode pins this ripgrep wrapper, whose postinstall would download rg from GitHub. */
export const vscodeRipgrep = { version: '1.15.11', asset: 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz' };

/**
 * Dependencies whose install scripts the tools folder approves (npm 11 runs none unless approved):
 * code-server's postinstall installs lib/vscode, whose native modules build with node-gyp against
 * the system Node headers (`nodedir=/usr`). Anything else with an install script stays skipped.
 */
export const approvedScripts = [
  'code-server',
  'argon2',
  '@parcel/watcher',
  '@vscode/deviceid',
  '@vscode/ripgrep',
  '@vscode/spdlog',
  'kerberos',
  'native-watchdog',
  'node-pty',
];

/** Debian packages: the browser, headers for kerberos, rg for the ripgrep cache, a C++ toolchain. */
export const debianPackages = {
  chromium: '/usr/bin/chromium',
  'libkrb5-dev': '/usr/include/krb5.h',
  ripgrep: '/usr/bin/rg',
  'build-essential': '/usr/bin/g++',
};

export function toolsKey() {
  return Object.entries(npmTools)
    .map(([name, version]) => `${name.replace(/^@/, '').replace('/', '-')}-${version}`)
    .join('_');
}
