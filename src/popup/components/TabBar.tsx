import type { TargetedKeyboardEvent } from 'preact';
import { useRef } from 'preact/hooks';
import { useLocalizer } from '../localizer';

export interface TabDefinition<Id extends string> {
  id: Id;
  label: string;
}

interface TabBarProps<Id extends string> {
  tabs: readonly TabDefinition<Id>[];
  selected: Id;
  onSelect: (id: Id) => void;
}

export const tabButtonId = (id: string) => `tab-${id}`;
export const tabPanelId = (id: string) => `panel-${id}`;

/** WAI-ARIA tabs with automatic activation: arrows, Home and End move and select. */
export function TabBar<Id extends string>({ tabs, selected, onSelect }: TabBarProps<Id>) {
  const { t } = useLocalizer();
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLDivElement>) => {
    const current = tabs.findIndex((tab) => tab.id === selected);
    const last = tabs.length - 1;
    const target = {
      ArrowRight: current === last ? 0 : current + 1,
      ArrowLeft: current === 0 ? last : current - 1,
      Home: 0,
      End: last,
    }[event.key];
    const tab = target === undefined ? undefined : tabs[target];
    if (target === undefined || !tab) return;
    event.preventDefault();
    onSelect(tab.id);
    buttons.current[target]?.focus();
  };

  return (
    <div class="tabs" role="tablist" aria-label={t('tabs_label')} onKeyDown={onKeyDown}>
      {tabs.map((tab, index) => {
        const isSelected = tab.id === selected;
        return (
          <button
            key={tab.id}
            ref={(element) => {
              buttons.current[index] = element;
            }}
            type="button"
            role="tab"
            id={tabButtonId(tab.id)}
            class="tabs__tab"
            data-testid={tabButtonId(tab.id)}
            aria-selected={isSelected}
            aria-controls={isSelected ? tabPanelId(tab.id) : undefined}
            tabIndex={isSelected ? 0 : -1}
            onClick={() => onSelect(tab.id)}
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );
}
