import { notifications } from '@mantine/notifications';
import { errorMessage } from './errors';

/** Tell the user an operation succeeded. */
export function notifyOk(message: string, title?: string): void {
  notifications.show({ color: 'teal', title, message, autoClose: 4000 });
}

/** Tell the user an operation failed; tRPC errors show the server's message. */
export function notifyError(error: unknown, title = 'No se pudo completar la operación'): void {
  notifications.show({ color: 'red', title, message: errorMessage(error), autoClose: 8000 });
}
