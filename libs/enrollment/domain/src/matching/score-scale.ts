/** Scores are handled as integers in thousandths of a point (0 – 100 000). */
export const SCORE_SCALE = 1000;
export const MAX_SCORE_UNITS = 100 * SCORE_SCALE;

/** Rounded to thousandths of a point, as scores and their parts are reported. */
export const round3 = (x: number) => Math.round(x * SCORE_SCALE) / SCORE_SCALE;
