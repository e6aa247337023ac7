// Runs the CLI in this (child) process with its stdout going to a file, and prints the exit
// status, the longest single piece the CLI wrote, its total size and the peak RSS.
import { closeSync, openSync, writeSync } from 'node:fs';
import { main } from '../../../../cli/main';
import { peakRssMb } from './peak_rss';

const [workerPath, outFile, ...argv] = process.argv.slice(2);
const fd = openSync(outFile, 'w');
let longest = 0;
let total = 0;
let err = '';
void main(argv, {
  workerPath,
  stdout: (text) => {
    longest = Math.max(longest, text.length);
    total += text.length;
    writeSync(fd, text);
  },
  stderr: (text) => (err += text),
}).then((code) => {
  closeSync(fd);
  process.stdout.write(JSON.stringify({ code, err, longest, total, maxRssMb: peakRssMb() }));
});
