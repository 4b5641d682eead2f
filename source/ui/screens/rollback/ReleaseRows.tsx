// The app's releases (name, commit, message, age, live marker, migrations added since) and the
// observability snapshots, as selectable rows.
import { Box, Text } from 'ink';
import { fitToWidth, sanitizeLine, truncateToWidth } from '../../../lib/terminal-text.js';
import type { ReleaseInfo, SnapshotInfo } from '../../app-services.js';
import { useTheme } from '../../hooks/use-theme.js';
import { windowAround } from '../../widgets/list/list-window.js';

/** Props of {@link ReleaseRows}. */
export type ReleaseRowsProps = {
  title: string;
  rows: readonly ({ kind: 'release'; release: ReleaseInfo } | { kind: 'snapshot'; snapshot: SnapshotInfo })[];
  selected: number;
  focused: boolean;
  width: number;
  height: number;
  empty: string;
};

function rowText(row: ReleaseRowsProps['rows'][number], width: number): string {
  if (row.kind === 'snapshot') {
    const { snapshot } = row;
    return `${fitToWidth(snapshot.name, 24)} ${fitToWidth(snapshot.age ?? '', 5)} ${snapshot.live ? 'LIVE ' : '     '}${sanitizeLine(snapshot.description ?? '')}`;
  }
  const { release } = row;
  const migrations = release.migrationsSince.length > 0 ? `+${release.migrationsSince.length} migr ` : '';
  const flags = `${release.live ? 'LIVE ' : ''}${release.complete ? '' : 'incomplete '}${migrations}`;
  const fixed = `${fitToWidth(release.name, 16)} ${fitToWidth(release.commit ?? '', 8)} ${fitToWidth(release.age ?? '', 4)} ${fitToWidth(flags, 18)}`;
  // the sandbox's generated commits keep the seed's name beside them: `22f330d  (7f572d2 in the report) v2.1.0 …`
  const named = release.seedName !== undefined ? `(${release.seedName} in the report) ` : '';
  const message = `${named}${sanitizeLine(release.message ?? '')}`;
  return `${fixed}${truncateToWidth(message, Math.max(0, width - fixed.length - 4))}`;
}

export function ReleaseRows({ title, rows, selected, focused, width, height, empty }: ReleaseRowsProps) {
  const theme = useTheme();
  const { start, end } = windowAround(rows.length, selected, Math.max(1, height - 1));
  // One pointer on screen: the row Enter would choose. The other list keeps its selection as a dot.
  const marker = focused ? theme.symbols.pointer : '·';
  return (
    <Box flexDirection="column" width={width}>
      <Text bold color={focused ? theme.tone('accent') : undefined} wrap="truncate-end">
        {truncateToWidth(`${focused ? '▸' : ' '} ${title}`, width)}
      </Text>
      {rows.length === 0 ? (
        <Text dimColor>{`  ${empty}`}</Text>
      ) : (
        rows.slice(start, end).map((row, offset) => {
          const index = start + offset;
          const isSelected = index === selected;
          const live = row.kind === 'release' ? row.release.live : row.snapshot.live === true;
          return (
            <Text
              key={index}
              wrap="truncate-end"
              inverse={isSelected && focused}
              color={live ? theme.tone('ok') : undefined}
            >
              {truncateToWidth(`${isSelected ? marker : ' '} ${rowText(row, width)}`, width)}
            </Text>
          );
        })
      )}
    </Box>
  );
}
