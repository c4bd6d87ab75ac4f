/** What the current identity may do: rules and access reviews, the verbs × resources matrix, checks before commands. */
export * from './reviews';
export * from './matrix';
export * from './permission';
