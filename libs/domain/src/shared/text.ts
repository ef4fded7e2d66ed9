/**
 * At most `max` UTF-16 units of `text` (what every length limit counts), never ending in half of
 * a surrogate pair: a lone surrogate is not well-formed Unicode, which input is refused for (400)
 * and strict JSON parsers reject, so a text cut in two would not survive its own round trip.
 */
export const truncated = (text: string, max: number): string => {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
};
