export function ErrorMessage({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p class="error" role="alert" data-testid="error">
      {message}
    </p>
  );
}
