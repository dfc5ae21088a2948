/** Bad input from the user (path, file format, option). The CLI prints the message and exits with code 2. */
export class InputError extends Error {
  override name = 'InputError';
}
