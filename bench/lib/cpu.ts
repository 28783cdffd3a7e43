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

/** The CPU seconds used so far by each running process whose command name is `command` (e.g. every PostgreSQL process), by pid. */
export function commandCpu(command: string): Map<string, number> {
  const seconds = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readStat(pid);
      if (stat.command === command) seconds.set(pid, stat.seconds);
    } catch {
      // the process ended while we looked
    }
  }
  return seconds;
}

/**
 * CPU seconds those processes used since `before` (a commandCpu snapshot): the growth of the ones still running plus
 * all of the ones started since. A process that ended in between counts nothing (its last figures are gone with it):
 * an idle pool connection closing loses nothing, a busy process ending would be under-counted.
 */
export function commandCpuSince(command: string, before: Map<string, number>): number {
  let seconds = 0;
  for (const [pid, now] of commandCpu(command)) seconds += now - (before.get(pid) ?? 0);
  return seconds;
}
