/** A path the dashboard does not know. */
import { Link } from '../components/link';

export function NotFoundPage() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <Link href="/">Go to the start page</Link>.
      </p>
    </section>
  );
}
