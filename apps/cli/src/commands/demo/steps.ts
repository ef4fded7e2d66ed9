/** Where the demo's lines go (stdout, or nowhere with --json). */
export type Say = (line: string) => void;

/** Numbers the demo's steps across both walks; `again` prints one more line under the current number. */
export type Steps = { next: (text: string) => void; again: (text: string) => void };

export const numberedSteps = (say: Say): Steps => {
  let n = 0;
  return {
    next: (text) => say(`${++n}. ${text}`),
    again: (text) => say(`${n}. ${text}`),
  };
};
