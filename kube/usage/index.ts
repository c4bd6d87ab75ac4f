export * from './metrics';
export * from './aggregate';
export * from './read';
export * from './format';
