// The trap/access engine: check functions, the rule tables and the VHE redirection.
export * from './types';
export * from './rules';
export * from './engine';
export * from './vhe';
