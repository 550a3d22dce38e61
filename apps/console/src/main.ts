import { ConsoleApp } from './console-app';

const root = document.getElementById('app');
if (root) new ConsoleApp(root, window.localStorage).start();
