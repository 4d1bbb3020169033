import { useId } from 'react';
import type { Reason } from '../api';

function capitalize(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

// Personalization badges, with the ranker's reasons on hover or focus.
export function Badges({ badges, reasons }: { badges: string[]; reasons: Reason[] }) {
  const tipId = useId();
  const why = reasons.filter((r) => r.factor !== 'text' && r.contribution > 0);
  if (badges.length === 0 && why.length === 0) return null;
  return (
    <div className="group relative mt-1 flex flex-wrap gap-1">
      {badges.map((b) => (
        <span key={b} className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-900">
          {capitalize(b)}
        </span>
      ))}
      {why.length > 0 && (
        <>
          <span
            tabIndex={0}
            aria-describedby={tipId}
            className="cursor-help rounded-full bg-sky-100 px-2 py-0.5 text-xs font-medium text-sky-900"
            title={why.map((r) => r.detail).join('; ')}
          >
            Why this?
          </span>
          <span
            role="tooltip"
            id={tipId}
            className="invisible absolute left-0 top-full z-10 mt-1 w-64 rounded-md bg-stone-900 p-2 text-xs text-white shadow-lg group-hover:visible group-focus-within:visible"
          >
            <ul>
              {why.map((r) => (
                <li key={r.factor + r.detail}>
                  {capitalize(r.detail)} <span className="text-stone-300">(+{r.contribution.toFixed(2)})</span>
                </li>
              ))}
            </ul>
          </span>
        </>
      )}
    </div>
  );
}
