/** Running commands in containers: the exec channel protocol, sessions, shells, terminal-safe output. */
export * from './channels';
export * from './execSession';
export * from './shell';
export * from './commandLine';
export * from './terminalFilter';
