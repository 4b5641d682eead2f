// The terminal's size, updated on resize (Ink re-renders on resize only when something re-renders us).
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

/** Columns and rows of the terminal; `fallbackRows` when the stream does not know (tests, pipes). */
export type TerminalSize = { columns: number; rows: number };

export function useTerminalSize(fallbackRows = 24): TerminalSize {
  const { stdout } = useStdout();
  const read = (): TerminalSize => ({
    columns: Math.max(20, stdout.columns || 80),
    rows: Math.max(10, stdout.rows || fallbackRows),
  });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = (): void => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fallbackRows]);
  return size;
}
