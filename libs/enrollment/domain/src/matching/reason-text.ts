/** Wording shared by the hard-filter reasons and the score breakdown. */
import { round3 } from './score-scale';

export const fmtHours = (minutes: number) => `${round3(minutes / 60).toString()} h`;
export const fmtList = (items: string[]) => items.join(', ');

/** The strings of `a` that are also in `b`, in `a`'s order. */
export const intersectStrings = (a: string[], b: string[]) => {
  const set = new Set(b);
  return a.filter((x) => set.has(x));
};
