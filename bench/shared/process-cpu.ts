import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ; 100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;

interface ProcStat {
	pid: number;
	parent: number;
	/** utime + stime, in seconds. */
	cpuSeconds: number;
}

function readStat(pid: string): ProcStat | undefined {
	try {
		const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name (field 2) may hold spaces; everything after its closing parenthesis is fixed.
		const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
		return { pid: Number(pid), parent: Number(fields[1]), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
	} catch {
		return undefined;
	}
}

/**
 * CPU seconds used so far by a process and every descendant (the emulator
 * runs as a child of tsx's launcher). Linux only; undefined elsewhere.
 */
export function processTreeCpuSeconds(rootPid: number): number | undefined {
	let entries: string[];
	try {
		entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
	} catch {
		return undefined;
	}
	const stats = entries.map(readStat).filter((stat): stat is ProcStat => stat !== undefined);
	const inTree = new Set([rootPid]);
	for (let grew = true; grew; ) {
		grew = false;
		for (const stat of stats) {
			if (!inTree.has(stat.pid) && inTree.has(stat.parent)) {
				inTree.add(stat.pid);
				grew = true;
			}
		}
	}
	const total = stats.filter((stat) => inTree.has(stat.pid)).reduce((sum, stat) => sum + stat.cpuSeconds, 0);
	return inTree.size > 0 && stats.some((stat) => stat.pid === rootPid) ? total : undefined;
}
