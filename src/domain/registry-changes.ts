/**
 * What a quarterly DTSEN update can say about a worker (issue 16.3; DOMAIN §2.4: DTSEN is re-ranked four
 * times a year — deciles move, people die, move, or leave the registry).
 */
export const CHANGE_KINDS = ['new', 'removed', 'died', 'moved_village', 'moved_regency', 'decile_down', 'decile_up', 'ranked', 'returned', 'changed'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
