/**
 * What a quarterly DTSEN update can say about a worker (issue 16.3; DOMAIN §2.4: DTSEN is re-ranked four
 * times a year — deciles move, people die, move, or leave the registry).
 */
export const CHANGE_KINDS = ['new', 'removed', 'died', 'moved_village', 'moved_regency', 'decile_down', 'decile_up', 'ranked', 'returned', 'changed'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * A district counts as covered by an update file when the file lists at least this share of the people the
 * registry has ranked there. Only in covered districts is a ranked worker the file leaves out judged
 * removed from DTSEN: a partial extract or a short list of NIKs must never take a regency out of the
 * registry. (Jaring's safeguard, not a legal figure: a quarterly re-ranking moves a few per cent, not half.)
 */
export const COVERED_DISTRICT_SHARE = 0.5;
