export * from './select';
export * from './manifest';
export * from './verify';
export * from './remap';
export * from './collect';
export * from './restore';
export * from './files';
