// SPDX-License-Identifier: MIT
#include "TopMoviesModel.h"

#include <QLocale>

namespace mf {

TopMoviesModel::TopMoviesModel(QObject *parent) : QAbstractTableModel(parent) { }

void TopMoviesModel::setMovies(std::vector<TopMovie> movies)
{
    beginResetModel();
    m_movies = std::move(movies);
    endResetModel();
}

int TopMoviesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_movies.size());
}

int TopMoviesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TopMoviesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const TopMovie &movie = m_movies[size_t(index.row())];
    const QLocale locale;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case RankColumn:
            return index.row() + 1;
        case TitleColumn:
            return movie.title;
        case PopularityColumn:
            return locale.toString(movie.popularity, 'f', QLocale::FloatingPointShortest);
        case RatingColumn:
            return locale.toString(movie.voteAverage, 'f', QLocale::FloatingPointShortest);
        case ReleaseDateColumn:
            return movie.releaseDate.toString(Qt::ISODate);
        }
    } else if (role == Qt::EditRole) {
        // Raw values, for sorting and tests.
        switch (index.column()) {
        case RankColumn:
            return index.row() + 1;
        case TitleColumn:
            return movie.title;
        case PopularityColumn:
            return movie.popularity;
        case RatingColumn:
            return movie.voteAverage;
        case ReleaseDateColumn:
            return movie.releaseDate;
        }
    } else if (role == Qt::TextAlignmentRole) {
        if (index.column() == TitleColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignLeft | Qt::AlignVCenter));
        return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
    } else if (role == Qt::ToolTipRole && index.column() == TitleColumn) {
        return movie.title;
    }
    return {};
}

QVariant TopMoviesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case RankColumn:
        return tr("Rank");
    case TitleColumn:
        return tr("Title");
    case PopularityColumn:
        return tr("Popularity");
    case RatingColumn:
        return tr("Rating");
    case ReleaseDateColumn:
        return tr("Release date");
    }
    return {};
}

} // namespace mf
