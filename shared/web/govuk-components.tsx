import type { Child, FC } from 'hono/jsx';

/**
 * GOV.UK Frontend components the pages share, rendered on the server: notification banners,
 * summary list rows, tables, warning text, and a figure for a picture drawn in SVG. The form
 * components are in form-components.tsx.
 */

/**
 * The GOV.UK notification banner: success after something was done (a `div` the browser announces),
 * or important information (a `section`). The title says "Success" or "Important" unless named.
 */
export const NotificationBanner: FC<{
  success?: boolean | undefined;
  title?: string | undefined;
  /** The title's id, which labels the banner; one banner a page keeps the default. */
  titleId?: string | undefined;
  heading?: string | undefined;
  children?: Child;
}> = ({ success, title, titleId = 'notice-title', heading, children }) => {
  const content = (
    <>
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id={titleId}>
          {title ?? (success ? 'Success' : 'Important')}
        </h2>
      </div>
      <div class="govuk-notification-banner__content">
        {heading ? <p class="govuk-notification-banner__heading">{heading}</p> : null}
        {children}
      </div>
    </>
  );
  return success ? (
    <div
      class="govuk-notification-banner govuk-notification-banner--success"
      role="alert"
      aria-labelledby={titleId}
      data-module="govuk-notification-banner"
    >
      {content}
    </div>
  ) : (
    <section
      class="govuk-notification-banner"
      aria-labelledby={titleId}
      data-module="govuk-notification-banner"
    >
      {content}
    </section>
  );
};

/** The success banner after something was saved (`?saved=1` and the like); nothing without a notice. */
export const SuccessBanner: FC<{ notice: string | undefined; children?: Child }> = ({ notice, children }) =>
  notice ? (
    <NotificationBanner success heading={notice}>
      {children}
    </NotificationBanner>
  ) : null;

/** One row of a GOV.UK summary list (`<dl class="govuk-summary-list">`): a key and its value. */
export const SummaryRow: FC<{ label: string; valueId?: string | undefined; children?: Child }> = ({
  label,
  valueId,
  children,
}) => (
  <div class="govuk-summary-list__row">
    <dt class="govuk-summary-list__key">{label}</dt>
    <dd class="govuk-summary-list__value" id={valueId}>
      {children}
    </dd>
  </div>
);

/** A column heading: its text, or numeric (right-aligned) for figures. */
export type TableHeading = string | { text: string; numeric: true };

/** A GOV.UK table with a caption and column headings; the rows (and an optional footer) are the caller's. */
export const Table: FC<{
  caption: Child;
  /** The caption's size or visibility; medium unless said. */
  captionClass?: 'govuk-table__caption--s' | 'govuk-table__caption--m' | 'govuk-visually-hidden' | undefined;
  headings: TableHeading[];
  id?: string | undefined;
  foot?: Child;
  children?: Child;
}> = ({ caption, captionClass = 'govuk-table__caption--m', headings, id, foot, children }) => (
  <table class="govuk-table" id={id}>
    <caption class={`govuk-table__caption ${captionClass}`}>{caption}</caption>
    <thead class="govuk-table__head">
      <tr class="govuk-table__row">
        {headings.map((heading) =>
          typeof heading === 'string' ? (
            <th scope="col" class="govuk-table__header">
              {heading}
            </th>
          ) : (
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              {heading.text}
            </th>
          ),
        )}
      </tr>
    </thead>
    <tbody class="govuk-table__body">{children}</tbody>
    {foot ? <tfoot>{foot}</tfoot> : null}
  </table>
);

/** GOV.UK warning text: the icon, "Warning" for screen readers, then the warning. */
export const WarningText: FC<{ children?: Child }> = ({ children }) => (
  <div class="govuk-warning-text">
    <span class="govuk-warning-text__icon" aria-hidden="true">
      !
    </span>
    <strong class="govuk-warning-text__text">
      <span class="govuk-visually-hidden">Warning</span>
      {children}
    </strong>
  </div>
);

/**
 * A picture drawn on the server as SVG (a chart, a map), in a figure with a caption. It is one image
 * to screen readers, named by its title and description (`${id}-title`, `${id}-description`), on a
 * light grey ground; the page should give the same figures as a table too.
 */
export const SvgFigure: FC<{
  id: string;
  width: number;
  height: number;
  /** How wide the picture draws: a `width` attribute, or a GOV.UK width class. */
  svgWidth?: string | undefined;
  svgClass?: string | undefined;
  title: string;
  description: string;
  caption: Child;
  children?: Child;
}> = ({ id, width, height, svgWidth, svgClass, title, description, caption, children }) => (
  <figure class="govuk-!-margin-0 govuk-!-margin-bottom-6">
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width={svgWidth}
      class={svgClass}
      role="img"
      aria-labelledby={`${id}-title ${id}-description`}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-description`}>{description}</desc>
      <rect x="0" y="0" width={width} height={height} fill="#f3f2f1" />
      {children}
    </svg>
    <figcaption class="govuk-body-s">{caption}</figcaption>
  </figure>
);
