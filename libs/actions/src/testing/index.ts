export * from './tool-calling-stand-in';
