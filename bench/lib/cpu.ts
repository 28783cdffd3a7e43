import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

// CPU time of other processes on this machine, from /proc (Linux): what a scenario's servers spent on its work.

let clockTicks: number | undefined; // per second, asked once and only by scenarios that read /proc

/** User and system CPU seconds and command name of a process (/proc/<pid>/stat). */
function readStat(pid: number | string): { command: string; seconds: number } {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces, hence the last ')'): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { command: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), seconds: (Number(fields[11]) + Number(fields[12])) / clockTicks };
}

/** User + system CPU seconds a process has used. */
export function processCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) throw new Error('the process is not running');
  return readStat(pid).seconds;
}

/** User + system CPU seconds used so far by every running process whose command name is `command` (e.g. every PostgreSQL backend). */
export function commandCpuSeconds(command: string): number {
  let seconds = 0;
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readStat(pid);
      if (stat.command === command) seconds += stat.seconds;
    } catch {
      // the process ended while we looked
    }
  }
  return seconds;
}
