// A form from the profile's field definitions (the SMTP form): one row per field, validation messages
// beside the field (below it when narrow), secrets masked until revealed, and a test result line.
import { Box, Text } from 'ink';
import type { FieldValidation } from '../../../engine/actions/form-validation.js';
import { validateField } from '../../../engine/actions/form-validation.js';
import {
  displayWidth,
  fitToWidth,
  hasControlCharacters,
  sanitizeLine,
  truncateToWidth,
  visibleControls,
} from '../../../lib/terminal-text.js';
import type { Form, FormField } from '../../../profile/schema.js';
import type { FormTestState } from './form-state.js';
import { fieldWindow } from './text-field.js';
import { useForm, type FormTestResult } from './use-form.js';
import { wrapText } from '../confirm/confirm-layout.js';
import { useTheme } from '../../hooks/use-theme.js';
import { Footer } from '../../components/Footer.js';

/** Props of {@link FormView}. */
export type FormViewProps = {
  form: Form;
  initial?: Readonly<Record<string, string>>;
  width: number;
  onSubmit: (values: Record<string, string>) => void;
  onCancel: () => void;
  onTest?: (values: Record<string, string>) => Promise<FormTestResult>;
};

/**
 * How a value is shown, one column per code point: secrets masked unless revealed, control characters
 * (a pasted line break) made visible, in a masked secret too, so the operator sees why it is refused.
 */
function shownValue(field: FormField, value: string, revealed: boolean): string {
  if (field.type === 'secret' && !revealed)
    return [...value].map((char) => (hasControlCharacters(char) ? visibleControls(char) : '•')).join('');
  if (field.type === 'choice') return `‹ ${value} ›`;
  return visibleControls(value);
}

function TestLine({ test, width }: { test: FormTestState; width: number }) {
  const theme = useTheme();
  switch (test.kind) {
    case 'idle':
      return null;
    case 'running':
      return <Text color={theme.tone('running')}>{`${theme.symbols.running} testing…`}</Text>;
    case 'passed':
    case 'failed': {
      const passed = test.kind === 'passed';
      const text = `${passed ? theme.symbols.ok : theme.symbols.fail} ${sanitizeLine(test.message)}`;
      // wrapped by words: the end of the answer ("no mail sent", the server's reason) was cut at 80 columns
      return (
        <Box flexDirection="column">
          {wrapText(text, width).map((row, index) => (
            <Text key={index} color={theme.tone(passed ? 'ok' : 'fail')} wrap="truncate-end">
              {row}
            </Text>
          ))}
        </Box>
      );
    }
    default: {
      const unknown: never = test;
      return <Text>{String(unknown)}</Text>;
    }
  }
}

function Verdict({ result, width }: { result: FieldValidation; width: number }) {
  const theme = useTheme();
  return result.ok ? (
    <Text color={theme.tone('ok')}>{theme.symbols.ok}</Text>
  ) : (
    <Text color={theme.tone('fail')} wrap="truncate-end">
      {truncateToWidth(`${theme.symbols.fail} ${result.message}`, width)}
    </Text>
  );
}

export function FormView({ form, initial, width, onSubmit, onCancel, onTest }: FormViewProps) {
  const theme = useTheme();
  const { state, validation } = useForm({ form, initial, onSubmit, onCancel, onTest });
  const inner = Math.max(20, width - 4);
  const labelWidth = Math.min(20, Math.max(...form.fields.map((field) => displayWidth(field.label))) + 1);
  const beside = inner >= 96;
  const valueWidth = beside ? 36 : inner - labelWidth - 5;
  const messageWidth = beside ? inner - labelWidth - 2 - valueWidth - 1 : inner - labelWidth - 2;
  const passing = Object.keys(validation.errors).length === 0;
  return (
    <Box
      flexDirection="column"
      width={width}
      borderStyle="round"
      borderColor={theme.tone('accent')}
      paddingX={1}
    >
      {wrapText(form.title, inner).map((row, index) => (
        <Text key={`t${index}`} bold wrap="truncate-end">
          {row}
        </Text>
      ))}
      {wrapText(form.description ?? '', inner).map((row, index) =>
        form.description ? (
          <Text key={`d${index}`} dimColor wrap="truncate-end">
            {row}
          </Text>
        ) : null,
      )}
      {form.fields.map((field, index) => {
        const focused = index === state.focus;
        const value = state.values[field.id] ?? '';
        const revealed = state.revealed[field.id] === true;
        const shown = shownValue(field, value, revealed);
        // a secret pre-filled from the live values is optional: empty keeps the stored one (form-live.ts)
        const keeps = field.type === 'secret' && field.required === false && value === '';
        const reveal = field.type === 'secret' && focused ? (revealed ? ' (C-r hide)' : ' (C-r show)') : '';
        const suffix = keeps ? ` (empty: the stored one is kept)${reveal}` : reveal;
        const result = validateField(field, value);
        const judged = state.touched[field.id] === true;
        // The focused field shows its cursor (▏) and scrolls to keep it in view; others show their end.
        const room = valueWidth - displayWidth(suffix);
        const tail =
          focused && field.type !== 'choice'
            ? fieldWindow(shown, state.cursor, room)
            : displayWidth(shown) > room
              ? `…${[...shown].slice(-(room - 1)).join('')}`
              : shown;
        return (
          <Box key={field.id} flexDirection="column">
            <Box>
              <Text wrap="truncate-end">
                <Text color={focused ? theme.tone('accent') : undefined} bold={focused}>
                  {`${focused ? theme.symbols.pointer : ' '} ${fitToWidth(sanitizeLine(field.label), labelWidth)}`}
                </Text>
                <Text inverse={focused}>
                  {fitToWidth(truncateToWidth(tail, room) + suffix, valueWidth)}
                </Text>{' '}
              </Text>
              {judged && (beside || result.ok) ? <Verdict result={result} width={messageWidth} /> : null}
            </Box>
            {judged && !beside && !result.ok ? (
              <Box marginLeft={labelWidth + 2}>
                <Verdict result={result} width={messageWidth} />
              </Box>
            ) : null}
          </Box>
        );
      })}
      <TestLine test={state.test} width={inner} />
      <Text dimColor>
        {passing ? 'all fields valid' : `${Object.keys(validation.errors).length} field(s) need attention`}
      </Text>
      <Footer scopes={['form']} width={inner} omit={onTest === undefined ? ['test-form'] : []} />
    </Box>
  );
}
