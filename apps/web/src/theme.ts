import { createTheme } from '@mantine/core';

// Mantine's close and visibility buttons come without a name or with an English one: screen
// readers and `getByRole('button', { name })` need the Spanish name. Plain objects rather than
// `Modal.extend(…)`, so the shell's bundle does not import components only lazy pages use.
const CERRAR = { closeButtonProps: { 'aria-label': 'Cerrar' } };

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '650' },
  cursorType: 'pointer',
  components: {
    Modal: { defaultProps: CERRAR },
    Drawer: { defaultProps: CERRAR },
    Notification: { defaultProps: CERRAR },
    // A toggle button: the name says what it does, aria-pressed (set by Mantine) says whether it is on.
    PasswordInput: { defaultProps: { visibilityToggleButtonProps: { 'aria-label': 'Mostrar contraseña' } } },
  },
});
