/** Shows the store's user-facing error (bad scenario, worker failure) until dismissed. */
import { lazy, Suspense, useState } from 'react';
import { selectError, useSimStore } from '../../store/simStore';

// The banner and motion, which animates it, load when the first error comes: most visits have none.
const ErrorBannerMotion = lazy(() => import('./ErrorBannerMotion'));

/** The error banner under the header (mounted from the first error on, so it can animate out). */
export function ErrorBanner() {
  const error = useSimStore(selectError);
  const [needed, setNeeded] = useState(false);
  if (error !== null && !needed) setNeeded(true);
  return needed ? (
    <Suspense fallback={null}>
      <ErrorBannerMotion />
    </Suspense>
  ) : null;
}
