export * from './operations.js';
export * from './workshopReducer.js';
