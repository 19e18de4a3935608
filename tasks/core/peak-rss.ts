/** The process's peak resident memory so far, in MiB (reported in summaries and benchmarks). */
export const peakRssMiB = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
