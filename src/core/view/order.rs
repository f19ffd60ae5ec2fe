//! The order of a table: which column, which way, what a click on a header does, and how both
//! travel in the URL (`column` or `column:desc`); optional numbers sort missing values last.

use std::cmp::Ordering;

/// Which way a column sorts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortOrder {
    #[default]
    Ascending,
    Descending,
}

impl SortOrder {
    /// `ordering` as this order has it.
    pub fn apply(self, ordering: Ordering) -> Ordering {
        match self {
            SortOrder::Ascending => ordering,
            SortOrder::Descending => ordering.reverse(),
        }
    }

    pub fn flipped(self) -> SortOrder {
        match self {
            SortOrder::Ascending => SortOrder::Descending,
            SortOrder::Descending => SortOrder::Ascending,
        }
    }

    /// The `aria-sort` value of the sorted column.
    pub fn aria(self) -> &'static str {
        match self {
            SortOrder::Ascending => "ascending",
            SortOrder::Descending => "descending",
        }
    }

    /// The arrow after the sorted column's label.
    pub fn arrow(self) -> &'static str {
        match self {
            SortOrder::Ascending => " ↑",
            SortOrder::Descending => " ↓",
        }
    }
}

/// A column a table can sort by, with its id in the URL.
pub trait Column: Copy + Eq + Sized + 'static {
    /// Every column, for parsing.
    const ALL: &'static [Self];
    fn id(self) -> &'static str;

    /// The order a column takes when first chosen.
    fn first_order(self) -> SortOrder {
        SortOrder::Ascending
    }
}

/// A table's order: a column and a direction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TableSort<C> {
    pub column: C,
    pub order: SortOrder,
}

impl<C: Column> TableSort<C> {
    pub const fn new(column: C, order: SortOrder) -> TableSort<C> {
        TableSort { column, order }
    }

    /// After a click on `column`'s header: the other way round when it is the sorted column,
    /// else that column in its first order ([`Column::first_order`]).
    pub fn clicked(self, column: C) -> TableSort<C> {
        if self.column == column {
            TableSort { column, order: self.order.flipped() }
        } else {
            TableSort { column, order: column.first_order() }
        }
    }

    /// The `aria-sort` of `column`'s header.
    pub fn aria(self, column: C) -> &'static str {
        if self.column == column { self.order.aria() } else { "none" }
    }

    /// The arrow after `column`'s label (none when it is not the sorted column).
    pub fn arrow(self, column: C) -> &'static str {
        if self.column == column { self.order.arrow() } else { "" }
    }

    /// In the URL: `column`, or `column:desc`.
    pub fn to_param(self) -> String {
        match self.order {
            SortOrder::Ascending => self.column.id().to_string(),
            SortOrder::Descending => format!("{}:desc", self.column.id()),
        }
    }

    /// Reads [`TableSort::to_param`] (`:asc` too); `None` for an unknown column or direction.
    pub fn parse(s: &str) -> Option<TableSort<C>> {
        let (id, order) = match s.trim().split_once(':') {
            None => (s.trim(), SortOrder::Ascending),
            Some((id, o)) if o.eq_ignore_ascii_case("desc") => (id, SortOrder::Descending),
            Some((id, o)) if o.eq_ignore_ascii_case("asc") => (id, SortOrder::Ascending),
            Some(_) => return None,
        };
        let column = C::ALL.iter().copied().find(|c| c.id().eq_ignore_ascii_case(id))?;
        Some(TableSort { column, order })
    }
}

/// How a column compares two rows: an ordering, or optional numbers (missing ones last either way).
pub enum Cell {
    Ordered(Ordering),
    Numbers(Option<f64>, Option<f64>),
}

/// Sorts a table's rows by `by`: `cell` compares two rows in a column; ties keep the rows'
/// natural order (`index`).
pub fn sort_rows<R, C: Column>(
    rows: &mut Vec<R>,
    by: TableSort<C>,
    index: fn(&R) -> u32,
    cell: impl Fn(&R, &R, C) -> Cell,
) {
    crate::core::sort::sort_by(rows, |a, b| {
        let o = match cell(a, b, by.column) {
            Cell::Ordered(o) => by.order.apply(o),
            Cell::Numbers(x, y) => cmp_opt(x, y, by.order),
        };
        o.then(index(a).cmp(&index(b)))
    });
}

/// Compares optional numbers in `order`; `None` last either way.
pub fn cmp_opt(a: Option<f64>, b: Option<f64>, order: SortOrder) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => order.apply(x.total_cmp(&y)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Col {
        A,
        B,
    }

    impl Column for Col {
        const ALL: &'static [Col] = &[Col::A, Col::B];
        fn id(self) -> &'static str {
            match self {
                Col::A => "a",
                Col::B => "b",
            }
        }
    }

    #[test]
    fn a_header_click_flips_or_chooses_and_the_order_round_trips() {
        let s = TableSort::new(Col::A, SortOrder::Descending);
        assert_eq!(s.clicked(Col::A), TableSort::new(Col::A, SortOrder::Ascending));
        assert_eq!(s.clicked(Col::B), TableSort::new(Col::B, SortOrder::Ascending));
        assert_eq!(
            (s.aria(Col::A), s.aria(Col::B), s.arrow(Col::A), s.arrow(Col::B)),
            ("descending", "none", " ↓", "")
        );
        for t in [s, s.clicked(Col::A), s.clicked(Col::B)] {
            assert_eq!(TableSort::parse(&t.to_param()), Some(t));
        }
        assert_eq!(TableSort::<Col>::parse("B:ASC"), Some(TableSort::new(Col::B, SortOrder::Ascending)));
        assert_eq!(TableSort::<Col>::parse("c"), None);
        assert_eq!(TableSort::<Col>::parse("a:sideways"), None);
        assert_eq!(cmp_opt(None, Some(1.0), SortOrder::Descending), Ordering::Greater, "missing last");
    }
}
