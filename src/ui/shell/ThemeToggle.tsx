/** Light / dark / system theme switch (a labelled group of pressed-state buttons). */
import { useUiStore, type ThemeChoice } from '../../store/uiStore';
import styles from './ThemeToggle.module.css';

const CHOICES: readonly {
  readonly value: ThemeChoice;
  readonly label: string;
  readonly icon: string;
}[] = [
  {
    value: 'light',
    label: 'Light',
    icon: 'M12 7a5 5 0 1 0 0 10 5 5 0 0 0 0-10zM12 1v3M12 20v3M4.2 4.2l2.1 2.1M17.7 17.7l2.1 2.1M1 12h3M20 12h3M4.2 19.8l2.1-2.1M17.7 6.3l2.1-2.1',
  },
  { value: 'dark', label: 'Dark', icon: 'M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z' },
  { value: 'system', label: 'System', icon: 'M3 4h18v12H3zM8 20h8M12 16v4' },
];

/** The theme switch shown in the header. */
export function ThemeToggle() {
  const theme = useUiStore((s) => s.theme);
  const setTheme = useUiStore((s) => s.setTheme);
  return (
    <div role="group" aria-label="Theme" className={styles.group}>
      {CHOICES.map((c) => (
        <button
          key={c.value}
          type="button"
          aria-pressed={theme === c.value}
          className={styles.option}
          onClick={() => setTheme(c.value)}
          title={`${c.label} theme`}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true" className={styles.icon}>
            <path d={c.icon} />
          </svg>
          <span className={styles.label}>{c.label}</span>
        </button>
      ))}
    </div>
  );
}
