import { NavLink, Stack } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { usePrivacyAccess } from '../pages/privacy/hooks';
import { NAV_ITEMS, type NavItem } from './nav';

function isActive(pathname: string, to: string): boolean {
  return to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
}

/** A collapsible section that opens by itself whenever one of its pages becomes the current one. */
function NavGroup({
  label,
  icon,
  active,
  children,
}: {
  label: string;
  icon: ReactNode;
  active: boolean;
  children: ReactNode;
}) {
  const [opened, setOpened] = useState(active);
  const [wasActive, setWasActive] = useState(active);
  if (active !== wasActive) {
    setWasActive(active);
    if (active) setOpened(true);
  }
  return (
    <NavLink
      component="button"
      type="button"
      label={label}
      leftSection={icon}
      opened={opened}
      onChange={setOpened}
      childrenOffset={28}
      fw={500}
    >
      {children}
    </NavLink>
  );
}

export function NavLinks({ hasWorkspace, onNavigate }: { hasWorkspace: boolean; onNavigate: () => void }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const privacy = usePrivacyAccess();
  const visible = (item: NavItem) =>
    (hasWorkspace || !item.needsWorkspace) &&
    (!item.needsPrivacy || privacy.workspace || privacy.platform) &&
    (!item.needsOperator || privacy.platform);

  const render = (item: NavItem) => {
    const Icon = item.icon;
    const active = isActive(pathname, item.to);
    const icon = <Icon size={20} stroke={1.7} aria-hidden="true" />;
    if (item.children) {
      return (
        <NavGroup key={item.to} label={t(`app.nav.${item.label}`)} icon={icon} active={active}>
          {item.children.filter(visible).map(render)}
        </NavGroup>
      );
    }
    return (
      <NavLink
        key={item.to}
        component={Link}
        to={item.to}
        label={t(`app.nav.${item.label}`)}
        leftSection={icon}
        active={active}
        aria-current={active ? 'page' : undefined}
        onClick={onNavigate}
        fw={500}
      />
    );
  };

  return <Stack gap={4}>{NAV_ITEMS.filter(visible).map(render)}</Stack>;
}
