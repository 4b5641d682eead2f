// bench/startup's baseline: a bare Ink render of one <Text>, in a terminal, until SIGTERM.
import { createElement } from 'react';
import { render, Text } from 'ink';

render(createElement(Text, null, 'chom-console bare ink'));
process.on('SIGTERM', () => process.exit(0));
