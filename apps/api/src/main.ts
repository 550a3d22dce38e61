import { hello } from '@switchboard/config';
console.log(hello);
