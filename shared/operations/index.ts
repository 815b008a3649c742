export * from './operations.js';
export * from './workshopReducer.js';
export * from './operationBatch.js';
