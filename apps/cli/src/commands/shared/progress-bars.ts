import { MultiBar, Presets, type Options } from 'cli-progress';
import { terminalText } from './terminal-text';

/**
 * Bars for a person at a terminal, drawn on standard output: the stream whose isTTY decided to
 * draw them, and where every other line goes. cli-progress draws on standard error unless told,
 * where it draws nothing (and drops the lines logged above its bars) when that is not a terminal.
 */
export const progressBars = (options: Options): MultiBar => new MultiBar({ ...options, stream: process.stdout }, Presets.shades_classic);

/** A line above the bars: shown, not obeyed, as every line `print` writes (bars.log writes it as it is). */
export const logAbove = (bars: MultiBar, line: string): void => bars.log(terminalText(line));
