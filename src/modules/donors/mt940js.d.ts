/** The part of mt940js (no types published) Jaring uses: statements with their transactions. */
declare module 'mt940js' {
  export class Parser {
    parse(text: string): { transactions: { date: Date; amount: number; reference: string; details: string }[] }[];
  }
}
